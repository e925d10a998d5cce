/**
 * The Registry cache page: the cache images kept in registries as tags `LOCATION:KEY`, one level at
 * a time (Global, Project, or a location browsed without saving), loaded page by page as the table
 * scrolls, each with its artifact, digest, age against the TTL, size and this machine's pin; pull,
 * copy the reference, delete (with a confirm naming every tag that goes along), details. Above
 * them, the levels' settings.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { splitReference } from '../../../shared/reference-names.js';
import type { RegistryCacheEntry } from '../../../shared/registry-cache.js';
import { Notice } from '../../components/callout.js';
import { LoadingPanel } from '../../components/states.js';
import { useNow } from '../../components/use-now.js';
import { copyText } from '../../lib/clipboard.js';
import { plural, shortId } from '../../lib/format.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import { pullLayerWords } from '../tasks/task-progress.js';
import { normalizeSearch } from '../../store/slices/registry-levels.js';
import { useAppStore, useSync } from '../../store/store-context.js';
import {
  actionErrorText,
  filterRows,
  locationRegistry,
  shortKey,
  toCacheRows,
  type CacheLevelId,
  type CacheRow,
} from '../../model/registry-cache/cache-rows.js';
import { CacheTable } from './cache-table.js';
import { DeleteDialog } from './delete-dialog.js';
import { DetailsDialog } from './details-dialog.js';
import { BrowseForm, LevelHead, LevelTabs, tabDomId } from './level-bar.js';
import { CacheRowActionsContext, type CacheRowActions } from './row-actions.js';
import { SettingsPanel, type SettingsOutcome } from './settings-panel.js';
import { LevelEmpty, LevelFailed, LevelLoading, LevelNotSet, NothingConfigured } from './states.js';
import './registry-cache.css';

type OpenDialog =
  | { kind: 'delete'; entry: RegistryCacheEntry; level: CacheLevelId }
  | { kind: 'details'; row: CacheRow };

interface Notice {
  tone: 'ok' | 'bad';
  text: string;
  /** A pull task the notice follows. */
  taskId?: string;
}

const NOTICE_MS = 8000;
/** How long typing pauses before the core is asked to search every tag. */
const SEARCH_DELAY_MS = 250;

/** A pull's notice, live: running with its progress, then what it gave. */
function PullNoticeText({ taskId, fallback }: { taskId: string; fallback: string }) {
  const task = useAppStore(selectTaskOfKind('pull', taskId));
  if (!task) return <>{fallback}</>;
  if (task.state === 'running') {
    const percent = task.progress.percent;
    return (
      <>
        {fallback}
        {percent !== null ? ` ${percent}%` : ''}
      </>
    );
  }
  if (task.state === 'succeeded' && task.result) {
    const r = task.result;
    return (
      <>
        Pulled {shortKey(splitReference(r.reference).tag ?? r.reference)} as image{' '}
        <code>{shortId(r.imageId)}</code>: {pullLayerWords(task.progress.items)}.
      </>
    );
  }
  if (task.state === 'failed') {
    return <>The pull failed: {task.error?.message ?? 'unknown error'}</>;
  }
  return <>The pull was cancelled.</>;
}

function NoticeLine({ notice, onDismiss }: { notice: Notice; onDismiss(): void }) {
  const showTasks = useAppStore((s) => s.showTasks);
  const pull = useAppStore(selectTaskOfKind('pull', notice.taskId ?? null));
  const failed = pull?.state === 'failed' || notice.tone === 'bad';
  return (
    <Notice
      tone={failed ? 'error' : 'ok'}
      role="status"
      testId="rc-notice"
      textTestId="rc-notice-text"
      onDismiss={onDismiss}
      actions={
        notice.taskId && (
          <button
            type="button"
            className="link-button"
            onClick={() => showTasks(true, notice.taskId ?? null)}
            data-testid="rc-notice-task"
          >
            Show in Tasks
          </button>
        )
      }
    >
      {notice.taskId ? (
        <PullNoticeText taskId={notice.taskId} fallback={notice.text} />
      ) : (
        notice.text
      )}
    </Notice>
  );
}

export function RegistryCacheView() {
  const settings = useAppStore((s) => s.registryCacheSettings);
  const settingsError = useAppStore((s) => s.registryCacheSettingsError);
  const levelId = useAppStore((s) => s.registryCacheLevel);
  const level = useAppStore((s) => s.registryCacheLevels[levelId]);
  const ttl = useAppStore((s) => s.registryCacheTtl);
  const refresh = useAppStore((s) => s.refreshRegistryLevel);
  const loadMore = useAppStore((s) => s.loadMoreRegistryLevel);
  const search = useAppStore((s) => s.searchRegistryLevel);
  const pullImage = useAppStore((s) => s.pullRegistryImage);
  const [settingsOpen, setSettingsOpen] = useState<boolean | null>(null);
  const [outcome, setOutcome] = useState<SettingsOutcome | null>(null);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  // Each level's search field starts with the search its rows answer (kept while away).
  const globalMatch = useAppStore((s) => s.registryCacheLevels.global.match);
  const projectMatch = useAppStore((s) => s.registryCacheLevels.project.match);
  const browseMatch = useAppStore((s) => s.registryCacheLevels.browse.match);
  const [filters, setFilters] = useState<Record<CacheLevelId, string>>(() => ({
    global: globalMatch,
    project: projectMatch,
    browse: browseMatch,
  }));
  const now = useNow(30_000);
  const base = useId();
  const panelId = `${base}-panel`;

  useSync('registryCache');

  // A success note goes by itself after a while (a pull's once it has ended); a failure stays.
  const followedState = useAppStore((s) =>
    notice?.taskId ? (s.tasks[notice.taskId]?.state ?? null) : null,
  );
  const noticeSettled = notice !== null && (!notice.taskId || followedState === 'succeeded');
  useEffect(() => {
    if (notice?.tone !== 'ok' || !noticeSettled) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, noticeSettled]);

  const nothingConfigured = settings !== null && !settings.global && !settings.project;
  const showSettings = settingsOpen ?? nothingConfigured;
  const filter = filters[levelId];
  // What is typed narrows the loaded rows at once; once typing pauses, the core searches them all.
  useEffect(() => {
    const timer = setTimeout(() => void search(levelId, filter), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, levelId, filter]);
  const rows = useMemo(() => toCacheRows(level.entries, ttl, now), [level.entries, ttl, now]);
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);

  const actions = useMemo<CacheRowActions>(
    () => ({
      details: (row) => setDialog({ kind: 'details', row }),
      pull: (row) => {
        const ref = row.entry.reference;
        pullImage(ref).then(
          (task) =>
            setNotice({
              tone: 'ok',
              text: `Pulling ${row.keyShort} into the engine…`,
              taskId: task.id,
            }),
          (err: unknown) =>
            setNotice({ tone: 'bad', text: actionErrorText(err, locationRegistry(ref)) }),
        );
      },
      copyReference: (row) =>
        void copyText(row.entry.reference).then((ok) =>
          setNotice(
            ok
              ? { tone: 'ok', text: `Copied ${row.entry.reference}` }
              : { tone: 'bad', text: 'Could not copy: the clipboard is not available here.' },
          ),
        ),
      remove: (row) => setDialog({ kind: 'delete', entry: row.entry, level: levelId }),
      announce: (text) => setNotice({ tone: 'ok', text }),
    }),
    [pullImage, levelId],
  );

  const onLoadMore = useCallback(() => void loadMore(levelId), [loadMore, levelId]);
  const openSettings = (): void => setSettingsOpen(true);
  const close = (): void => setDialog(null);

  let body;
  if (level.location === null) {
    if (settings === null && settingsError === null) {
      body = <LoadingPanel testId="rc-loading">Reading the registry cache settings…</LoadingPanel>;
    } else if (levelId !== 'browse') {
      body = <LevelNotSet level={levelId} onSettings={openSettings} />;
    } else if (nothingConfigured) {
      body = <NothingConfigured settingsOpen={showSettings} onSettings={openSettings} />;
    } else {
      body = (
        <div className="state" data-testid="rc-browse-hint">
          <p className="state-text">
            Type a location above to look at its cache tags without saving it as a level.
          </p>
        </div>
      );
    }
  } else if (level.phase === 'idle' || (level.phase === 'loading' && level.entries.length === 0)) {
    body = <LevelLoading location={level.location} />;
  } else if (level.phase === 'error' && level.error) {
    body = (
      <LevelFailed
        location={level.location}
        error={level.error}
        onRetry={() => void refresh(levelId)}
      />
    );
  } else if (level.phase === 'empty') {
    body = <LevelEmpty level={levelId} location={level.location} />;
  } else {
    body = (
      <CacheTable
        key={`${levelId}:${level.location}`}
        level={levelId}
        rows={shown}
        search={level.match}
        searchPending={normalizeSearch(filter) !== level.match}
        hasMore={level.nextCursor !== null}
        loadingMore={level.loadingMore}
        moreError={level.moreError}
        loaded={level.entries.length}
        matching={level.matching}
        total={level.total}
        now={now}
        onLoadMore={onLoadMore}
      />
    );
  }

  const located = level.location === null ? null : { ...level, location: level.location };
  const deleting = dialog?.kind === 'delete' ? dialog : null;
  const deleteLevel = useAppStore((s) => (deleting ? s.registryCacheLevels[deleting.level] : null));

  return (
    <CacheRowActionsContext.Provider value={actions}>
      <section className="page" aria-label="Registry cache" data-testid="registry-cache-view">
        <div className="rc-toolbar">
          <LevelTabs base={base} panelId={panelId} />
          <div className="rc-toolbar-end">
            <button
              type="button"
              className={`button${showSettings ? ' is-active' : ''}`}
              aria-expanded={showSettings}
              onClick={() => setSettingsOpen(!showSettings)}
              data-testid="rc-open-settings"
            >
              Settings {showSettings ? '▴' : '▾'}
            </button>
          </div>
        </div>
        {showSettings && (
          <SettingsPanel
            key={JSON.stringify(settings)}
            settings={settings}
            loadError={settingsError}
            outcome={outcome}
            onOutcome={(o) => {
              setOutcome(o);
              if (o) setSettingsOpen(true);
            }}
            onClose={() => setSettingsOpen(false)}
          />
        )}
        {notice && <NoticeLine notice={notice} onDismiss={() => setNotice(null)} />}
        <div
          className="rc-panel"
          role="tabpanel"
          id={panelId}
          aria-labelledby={tabDomId(base, levelId)}
          data-testid="rc-panel"
          data-level={levelId}
        >
          {levelId === 'browse' && <BrowseForm />}
          {located && (
            <LevelHead
              id={levelId}
              level={located}
              filter={filter}
              onFilter={(text) => setFilters((f) => ({ ...f, [levelId]: text }))}
            />
          )}
          {located?.error && located.phase !== 'error' && (
            <Notice tone="error" testId="rc-relist-error">
              Could not list again (the rows below are from before): {located.error.text}
            </Notice>
          )}
          <div className="page-body">{body}</div>
        </div>
        {dialog?.kind === 'details' && (
          <DetailsDialog
            row={dialog.row}
            onClose={close}
            onPull={(row) => {
              close();
              actions.pull(row);
            }}
            onCopy={actions.copyReference}
          />
        )}
        {deleting && deleteLevel && (
          <DeleteDialog
            entry={deleting.entry}
            loaded={deleteLevel.entries}
            total={deleteLevel.total}
            onClose={close}
            onDeleted={(result, keys) =>
              setNotice({
                tone: 'ok',
                text: `Deleted the manifest ${shortId(result.digest)}: ${plural(keys.length, 'tag')} ${keys.length === 1 ? 'is' : 'are'} gone from ${deleteLevel.location ?? locationRegistry(result.reference)}.`,
              })
            }
          />
        )}
      </section>
    </CacheRowActionsContext.Provider>
  );
}
