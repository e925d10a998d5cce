/**
 * The engine in the header (a small chip: connecting, reachable with its version, unreachable)
 * and the banner under it when the engine or the host cannot be reached.
 */
import type { EngineStatus } from '../../shared/model.js';
import { engineChipText, retryText } from '../lib/engine-text.js';
import { useAppStore } from '../store/store-context.js';
import { useNow } from './use-now.js';

export function EngineChip() {
  const engine = useAppStore((s) => s.engine);
  if (!engine || engine.state === 'connecting') {
    const where = engine ? ` to ${engine.endpoint.host}` : '';
    return (
      <span className="chip chip-connecting" data-testid="engine-chip" data-state="connecting">
        <span className="chip-dot" aria-hidden="true" />
        Connecting{where}…
      </span>
    );
  }
  if (engine.state === 'reachable') {
    return (
      <span
        className="chip chip-ok"
        data-testid="engine-chip"
        data-state="reachable"
        title={`${engine.os}/${engine.arch} · via ${engine.endpoint.source}${engine.endpoint.tls ? ' · TLS' : ''}`}
      >
        <span className="chip-dot" aria-hidden="true" />
        {engineChipText(engine)}
      </span>
    );
  }
  return (
    <span className="chip chip-bad" data-testid="engine-chip" data-state="unreachable">
      <span className="chip-dot" aria-hidden="true" />
      Unreachable · {engine.endpoint.host}
    </span>
  );
}

type Unreachable = Extract<EngineStatus, { state: 'unreachable' }>;

function RetryCountdown({ retryAt }: { retryAt: number | null }) {
  const now = useNow(1000, retryAt !== null);
  const text = retryText(retryAt, now);
  if (!text) return null;
  return (
    <span className="banner-note" data-testid="engine-retry-countdown">
      {text}
    </span>
  );
}

function UnreachableBanner({ engine }: { engine: Unreachable }) {
  const retry = useAppStore((s) => s.retryEngine);
  const retrying = useAppStore((s) => s.engineRetrying);
  return (
    <section className="banner banner-error" data-testid="engine-banner" aria-label="Engine status">
      <div className="banner-text" role="alert">
        <strong className="banner-title">Docker is unreachable</strong>
        <span className="banner-reason" data-testid="engine-reason">
          {engine.reason}
        </span>
      </div>
      <div className="banner-actions">
        <RetryCountdown retryAt={engine.retryAt} />
        <button
          type="button"
          className="button"
          onClick={() => void retry()}
          disabled={retrying}
          data-testid="engine-retry"
        >
          {retrying ? 'Retrying…' : 'Retry now'}
        </button>
      </div>
    </section>
  );
}

function HostBanner({ message }: { message: string }) {
  const retry = useAppStore((s) => s.retryEngine);
  const reloadIndex = useAppStore((s) => s.reloadIndex);
  const retrying = useAppStore((s) => s.engineRetrying);
  return (
    <section className="banner banner-error" data-testid="host-banner" aria-label="Connection">
      <div className="banner-text" role="alert">
        <strong className="banner-title">Hangar’s core is not answering</strong>
        <span className="banner-reason">{message}</span>
      </div>
      <div className="banner-actions">
        <button
          type="button"
          className="button"
          disabled={retrying}
          onClick={() => {
            void retry();
            void reloadIndex();
          }}
        >
          {retrying ? 'Trying…' : 'Try again'}
        </button>
      </div>
    </section>
  );
}

/** Shown only when something is wrong: the host is gone, or the engine is unreachable. */
export function EngineBanner() {
  const engine = useAppStore((s) => s.engine);
  const engineError = useAppStore((s) => s.engineError);
  if (engineError) return <HostBanner message={engineError} />;
  if (engine?.state === 'unreachable') return <UnreachableBanner engine={engine} />;
  return null;
}
