/**
 * One lookup in full: when, where, how long, the build it led to (a link to it on the Builds
 * page), and for a miss why: the inputs that changed since the artifact's previous build (files,
 * build args, the Dockerfile, config), each added, removed or modified.
 */
import { useEffect, useState } from 'react';
import type { BuildSummary } from '../../../shared/builds.js';
import { CloseButton } from '../../components/close-button.js';
import type { ChangedInput, InputKind } from '../../../shared/artifacts.js';
import type { LookupRecord } from '../../../shared/history.js';
import { plural } from '../../lib/format.js';
import { cacheText } from '../../model/builds/builds-model.js';
import { useAppStore } from '../../store/store-context.js';
import { duration, fullTime } from './history-format.js';
import { StatusBadge } from './log-columns.js';

const KIND_LABEL: Record<InputKind, string> = {
  config: 'Setting',
  buildArg: 'Build arg',
  dockerfile: 'Dockerfile',
  file: 'File',
};

const CHANGE_MARK: Record<ChangedInput['change'], string> = {
  added: '+',
  removed: '−',
  modified: '~',
};

/** Rows shown before "and N more". */
const SHOWN = 200;

/** Why a miss lists no changed input. */
function noChangesNote(record: LookupRecord): string {
  const reason = record.reason ?? '';
  if (record.origin === 'import') return 'Imported from an FTL file: it does not say what changed.';
  if (reason === 'no entry') {
    return 'No earlier build of this artifact to compare with, so no input can be named.';
  }
  if (reason.startsWith('image deleted')) {
    return 'The inputs did not change: the cached image was gone, so it had to be built again.';
  }
  return 'No changed input was recorded for this lookup.';
}

function ChangedInputs({ record }: { record: LookupRecord }) {
  const changes = record.changedInputs;
  if (record.status !== 'MISS') return null;
  if (changes.length === 0) {
    return (
      <p className="hist-details-note" data-testid="changed-inputs-none">
        {noChangesNote(record)}
      </p>
    );
  }
  return (
    <section aria-labelledby="changed-title">
      <h3 id="changed-title" className="hist-details-h">
        Changed inputs <span className="count">{changes.length}</span>
      </h3>
      <ul className="hist-changes" data-testid="changed-inputs">
        {changes.slice(0, SHOWN).map((c) => (
          <li key={`${c.kind}:${c.name}`} className={`change-${c.change}`}>
            <span className="hist-change-mark" aria-label={c.change} title={c.change}>
              {CHANGE_MARK[c.change]}
            </span>
            <span className="hist-change-kind">{KIND_LABEL[c.kind]}</span>
            <span className="hist-change-name mono" title={c.name}>
              {c.name}
            </span>
          </li>
        ))}
      </ul>
      {changes.length > SHOWN && (
        <p className="hist-details-note">and {plural(changes.length - SHOWN, 'more input')}</p>
      )}
    </section>
  );
}

/** The build a MISS or HIT_TOO_OLD led to, as a link that opens it on the Builds page. */
function LookupBuild({ record }: { record: LookupRecord }) {
  const buildForLookup = useAppStore((s) => s.buildForLookup);
  const showBuild = useAppStore((s) => s.showBuild);
  const [build, setBuild] = useState<BuildSummary | null | 'loading' | 'unknown'>('loading');
  const wanted = record.status !== 'HIT' && record.origin !== 'import';
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setBuild('loading');
    buildForLookup(record.id).then(
      (b) => live && setBuild(b),
      () => live && setBuild('unknown'),
    );
    return () => {
      live = false;
    };
  }, [buildForLookup, record.id, wanted]);
  if (!wanted || build === 'loading') return null;
  return (
    <>
      <dt>Build</dt>
      <dd data-testid="lookup-build">
        {build === 'unknown' ? (
          'could not be read'
        ) : build === null ? (
          <span className="muted">none recorded</span>
        ) : (
          <button
            type="button"
            className="link-button"
            data-testid="lookup-build-link"
            onClick={() => void showBuild(build.id)}
          >
            Build {build.id} · {build.outcome} · {cacheText(build)}
          </button>
        )}
      </dd>
    </>
  );
}

export function LookupDetails({ record, onClose }: { record: LookupRecord; onClose(): void }) {
  return (
    <aside className="hist-details" aria-label="Lookup details" data-testid="lookup-details">
      <header className="hist-details-head">
        <StatusBadge status={record.status} />
        <h2 className="hist-details-title" title={record.artifact}>
          {record.artifact}
        </h2>
        <CloseButton label="Close details" onClick={onClose} />
      </header>
      {record.reason && <p className="hist-details-reason">{record.reason}</p>}
      <dl className="facts hist-fields">
        <dt>When</dt>
        <dd>{fullTime(record.at)}</dd>
        <dt>Level</dt>
        <dd>{record.level}</dd>
        <dt>Origin</dt>
        <dd>{record.origin}</dd>
        <dt>Lookup took</dt>
        <dd>{record.origin === 'import' ? '—' : duration(record.durationMs)}</dd>
        <dt>Key</dt>
        <dd className="mono wrap">{record.key}</dd>
        {record.imageId && (
          <>
            <dt>Image</dt>
            <dd className="mono wrap">{record.imageId}</dd>
          </>
        )}
        {record.engine && (
          <>
            <dt>{record.level === 'local' ? 'Engine' : 'Registry tag'}</dt>
            <dd className="wrap">{record.engine}</dd>
          </>
        )}
        <LookupBuild record={record} />
      </dl>
      <ChangedInputs record={record} />
    </aside>
  );
}
