/**
 * The Artifact cache view: the totals against the limit, the entries table (live from
 * `artifacts:changed` and the image index), row actions (pin, retag, push, evict with a confirm),
 * and the dialogs: build through the cache, the policy with its preview, and skaffold's import.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CacheEntry } from '../../../shared/artifacts.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore, useSync } from '../../store/store-context.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import { Notice } from '../../components/callout.js';
import { ArtifactsTable } from './artifacts-table.js';
import { BuildDialog } from './build-dialog.js';
import { fillRatio, toEntryRows, totalsLine, type EntryRow } from './entry-rows.js';
import { EvictDialog } from './evict-dialog.js';
import { PolicyDialog } from './policy-dialog.js';
import { PushDialog } from './push-dialog.js';
import { RowActionsContext, type RowActions } from './row-actions.js';
import { SkaffoldDialog } from './skaffold-dialog.js';
import { CacheEmpty, CacheError, CacheLoading } from './states.js';
import './artifacts.css';

type OpenDialog =
  | { kind: 'build' }
  | { kind: 'policy' }
  | { kind: 'skaffold' }
  | { kind: 'evict'; entry: CacheEntry }
  | { kind: 'push'; row: EntryRow };

const NOTICE_MS = 8000;

interface Notice {
  tone: 'ok' | 'bad';
  text: string;
}

function RunningBuild({ onShow }: { onShow(): void }) {
  const taskId = useAppStore((s) => s.artifactsBuildTaskId);
  const task = useAppStore(selectTaskOfKind('build', taskId));
  if (!task || task.state !== 'running') return null;
  return (
    <button type="button" className="chip ac-running" onClick={onShow} data-testid="build-running">
      <span className="spinner spinner-small" aria-hidden="true" />
      {task.title}: {task.progress.message}
    </button>
  );
}

export function ArtifactsView() {
  const listing = useAppStore((s) => s.artifacts);
  const phase = useAppStore((s) => s.artifactsPhase);
  const loadError = useAppStore((s) => s.artifactsError);
  const pinEntry = useAppStore((s) => s.pinEntry);
  const retagEntry = useAppStore((s) => s.retagEntry);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  useSync('artifacts');

  // A success note goes by itself after a while; a failure stays until dismissed.
  useEffect(() => {
    if (notice?.tone !== 'ok') return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const rows = useMemo(() => toEntryRows(listing), [listing]);

  const actions = useMemo<RowActions>(() => {
    const run = (work: Promise<string>): void => {
      work.then(
        (text) => setNotice({ tone: 'ok', text }),
        (err: unknown) => setNotice({ tone: 'bad', text: errorMessage(err) }),
      );
    };
    return {
      pin: (row, pinned) =>
        run(
          pinEntry(row.id, pinned).then(
            () =>
              `${pinned ? 'Pinned' : 'Unpinned'} ${row.entry.artifact} ${row.keyShort}${pinned ? ': the policy never evicts it.' : '.'}`,
          ),
        ),
      retag: (row) =>
        run(
          retagEntry(row.id).then(
            (e) => `Tagged ${e.artifact}:${row.keyShort}… on ${row.imageShort ?? 'its image'}.`,
          ),
        ),
      push: (row) => setDialog({ kind: 'push', row }),
      evict: (row) => setDialog({ kind: 'evict', entry: row.entry }),
      announce: (text) => setNotice({ tone: 'ok', text }),
    };
  }, [pinEntry, retagEntry]);

  const close = (): void => setDialog(null);
  const openBuild = (): void => setDialog({ kind: 'build' });
  const openSkaffold = (): void => setDialog({ kind: 'skaffold' });

  let body;
  if (listing === null && (phase === 'idle' || phase === 'loading')) body = <CacheLoading />;
  else if (listing === null) body = <CacheError message={loadError ?? ''} />;
  else if (listing.entries.length === 0) {
    body = <CacheEmpty storeFile={listing.storeFile} onBuild={openBuild} onImport={openSkaffold} />;
  } else body = <ArtifactsTable rows={rows} />;

  const ratio = listing ? fillRatio(listing) : null;
  return (
    <RowActionsContext.Provider value={actions}>
      <section className="page" aria-label="Artifact cache">
        <div className="toolbar">
          <div className="ac-totals">
            {listing && (
              <>
                <span className="ac-totals-line" data-testid="artifacts-totals">
                  {totalsLine(listing)}
                </span>
                {ratio !== null && (
                  <span
                    className={`ac-meter${ratio > 1 ? ' is-over' : ratio > 0.85 ? ' is-near' : ''}`}
                    title={`${Math.round(ratio * 100)}% of the size limit`}
                    aria-hidden="true"
                  >
                    <span style={{ width: `${Math.min(100, ratio * 100)}%` }} />
                  </span>
                )}
              </>
            )}
            <RunningBuild onShow={openBuild} />
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={openSkaffold}
              data-testid="open-skaffold"
            >
              Import skaffold…
            </button>
            <button
              type="button"
              className="button"
              disabled={!listing}
              onClick={() => setDialog({ kind: 'policy' })}
              data-testid="open-policy"
            >
              Policy…
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={openBuild}
              data-testid="open-build"
            >
              Build through cache…
            </button>
          </div>
        </div>
        {listing && loadError && (
          <Notice tone="error">The cache could not be read again: {loadError}</Notice>
        )}
        {notice && (
          <Notice
            tone={notice.tone === 'ok' ? 'ok' : 'error'}
            testId="artifacts-notice"
            onDismiss={() => setNotice(null)}
          >
            {notice.text}
          </Notice>
        )}
        <div className="page-body">{body}</div>
        {dialog?.kind === 'build' && <BuildDialog onClose={close} />}
        {dialog?.kind === 'policy' && listing && (
          <PolicyDialog settings={listing.settings} onClose={close} />
        )}
        {dialog?.kind === 'skaffold' && <SkaffoldDialog onClose={close} />}
        {dialog?.kind === 'evict' && <EvictDialog entry={dialog.entry} onClose={close} />}
        {dialog?.kind === 'push' && <PushDialog row={dialog.row} onClose={close} />}
      </section>
    </RowActionsContext.Provider>
  );
}
