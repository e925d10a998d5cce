/**
 * The keep-under policy on the Build cache page: the limit (off unless set), when Hangar checks it,
 * the daemon's own `builder.gc` as the better home where the daemon runs all the time, a Check now,
 * and the log of the prunes (the policy's and by hand) with the records each deleted.
 */
import { useState } from 'react';
import type {
  BuildCachePolicyCheck,
  BuildCachePruneLogEntry,
} from '../../../shared/build-cache.js';
import { formatBytes, plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { policyBytesOf } from '../../model/build-cache/build-cache-rows.js';
import { useAppStore } from '../../store/store-context.js';
import { parseSize } from '../artifacts/policy-words.js';
import { fullTime } from '../history/history-format.js';

function checkWords(c: BuildCachePolicyCheck): string {
  switch (c.outcome) {
    case 'off':
      return 'The policy is off: nothing checked.';
    case 'unsupported':
      return 'This engine keeps no BuildKit cache.';
    case 'within':
      return `Within the limit: ${formatBytes(c.totalBytes ?? 0)} of ${formatBytes(c.limitBytes ?? 0)}. Nothing deleted.`;
    case 'over':
      return `Over the limit (${formatBytes(c.totalBytes ?? 0)}), but nothing left may be deleted (in use or shared).`;
    case 'pruned':
      return `Deleted ${plural(c.entry?.deleted.length ?? 0, 'record')}, ${formatBytes(c.entry?.reclaimedBytes ?? 0)} freed.`;
  }
}

function LogEntry({ e }: { e: BuildCachePruneLogEntry }) {
  const who =
    e.origin === 'policy' ? `Keep-under policy (${formatBytes(e.limitBytes ?? 0)})` : 'Prune';
  return (
    <li className="bc-log-entry" data-testid="bc-log-entry" data-origin={e.origin}>
      <details>
        <summary>
          <span className="bc-log-when">{fullTime(e.at)}</span> · {who}:{' '}
          {plural(e.deleted.length, 'record')}, {formatBytes(e.reclaimedBytes)} freed
          {e.skipped.length > 0 ? `, ${e.skipped.length} skipped` : ''}
          {e.failed.length > 0 ? `, ${e.failed.length} failed` : ''}
        </summary>
        <ul className="bc-log-records">
          {e.deleted.map((d) => (
            <li key={d.id}>
              <code>{d.id.slice(0, 12)}</code> {d.type} · {formatBytes(d.size)} ·{' '}
              <span className="bc-log-desc">{d.description}</span>
            </li>
          ))}
          {e.skipped.map((s) => (
            <li key={`s-${s.id}`} className="muted">
              <code>{s.id.slice(0, 12)}</code> skipped: {s.reason}
            </li>
          ))}
          {e.failed.map((f) => (
            <li key={`f-${f.id}`} className="bc-log-failed">
              <code>{f.id.slice(0, 12)}</code> failed: {f.error}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

export function PolicyPanel() {
  const policy = useAppStore((s) => s.buildCachePolicy);
  const prunes = useAppStore((s) => s.buildCacheGrowth?.prunes ?? null);
  const setPolicy = useAppStore((s) => s.setBuildCachePolicy);
  const check = useAppStore((s) => s.checkBuildCachePolicy);
  const [typed, setTyped] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);

  const current = policy?.keepUnderBytes ?? null;
  const text = typed ?? (current === null ? '' : formatBytes(current));
  const read = policyBytesOf(text, parseSize);

  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    setSaid(null);
    try {
      setSaid({ text: await f(), error: false });
      setTyped(null);
    } catch (err) {
      setSaid({ text: errorMessage(err), error: true });
    } finally {
      setBusy(false);
    }
  };
  const save = (bytes: number | null) =>
    run(async () => {
      const { policy: saved, check: checked } = await setPolicy(bytes);
      return saved.keepUnderBytes === null
        ? 'The policy is off.'
        : `Saved: keep the build cache under ${formatBytes(saved.keepUnderBytes)}. ${checked ? checkWords(checked) : ''}`;
    });

  return (
    <section className="bc-policy" aria-label="Keep-under policy" data-testid="bc-policy">
      <h2 className="bc-panel-title">Keep-under policy</h2>
      <form
        className="bc-policy-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (read.ok) void save(read.bytes);
        }}
      >
        <label className="bc-policy-label" htmlFor="bc-policy-size">
          Keep the build cache under
        </label>
        <input
          id="bc-policy-size"
          className="input bc-policy-input"
          value={text}
          placeholder="off (e.g. 5 GB)"
          aria-invalid={!read.ok}
          aria-describedby="bc-policy-state"
          onChange={(e) => setTyped(e.target.value)}
          data-testid="bc-policy-size"
        />
        <button
          type="submit"
          className="button"
          disabled={busy || !read.ok || typed === null}
          data-testid="bc-policy-save"
        >
          Save
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || current === null}
          onClick={() => void save(null)}
          data-testid="bc-policy-off"
        >
          Turn off
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || current === null}
          onClick={() => void run(async () => checkWords(await check()))}
          data-testid="bc-policy-check"
        >
          Check now
        </button>
      </form>
      <p id="bc-policy-state" className="bc-policy-state" data-testid="bc-policy-state">
        {!read.ok
          ? read.error
          : current === null
            ? 'Off: Hangar deletes nothing by itself.'
            : `On: least recently used records go while the cache is over ${formatBytes(current)}.`}
      </p>
      {said && (
        <p
          className={said.error ? 'bc-policy-said bc-policy-error' : 'bc-policy-said'}
          role={said.error ? 'alert' : 'status'}
          data-testid="bc-policy-said"
        >
          {said.text}
        </p>
      )}
      <h3 className="bc-panel-subtitle">Prune log</h3>
      {prunes === null || prunes.length === 0 ? (
        <p className="muted" data-testid="bc-log-empty">
          No prunes logged in the last 30 days.
        </p>
      ) : (
        <ul className="bc-log" data-testid="bc-log">
          {prunes.slice(0, 50).map((e) => (
            <LogEntry key={e.id} e={e} />
          ))}
        </ul>
      )}
      {policy && (
        <p className="faint bc-policy-words">
          {policy.checkedWhen} {policy.daemonGc}
        </p>
      )}
    </section>
  );
}
