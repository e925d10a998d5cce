/** What the cache view shows instead of the table: loading, the store unreadable, no entry yet. */
import { useAppStore } from '../../store/store-context.js';

export function CacheLoading() {
  return (
    <div className="ac-state" role="status" data-testid="artifacts-loading">
      <span className="ac-spinner" aria-hidden="true" />
      <p className="ac-state-text">Reading the artifact cache…</p>
    </div>
  );
}

export function CacheError({ message }: { message: string }) {
  const load = useAppStore((s) => s.loadArtifacts);
  return (
    <div className="ac-state ac-state-bad" data-testid="artifacts-error">
      <span className="ac-state-icon" aria-hidden="true">
        !
      </span>
      <p className="ac-state-title">Couldn’t read the artifact cache</p>
      <p className="ac-state-text">{message}</p>
      <button type="button" className="button" onClick={() => void load()}>
        Try again
      </button>
    </div>
  );
}

export function CacheEmpty({
  storeFile,
  onBuild,
  onImport,
}: {
  storeFile: string | null;
  onBuild(): void;
  onImport(): void;
}) {
  return (
    <div className="ac-state ac-empty" data-testid="artifacts-empty">
      <p className="ac-state-title">The artifact cache is empty</p>
      <p className="ac-state-text">
        Hangar keys each build by a hash of its inputs (the Dockerfile, the files the context’s{' '}
        <code>.dockerignore</code> keeps, build args and target) and remembers the image built from
        them. When nothing changed, the next build is a <strong>HIT</strong> that takes milliseconds
        instead of a rebuild; when something did, the <strong>MISS</strong> names the files and
        build args that changed.
      </p>
      <div className="ac-empty-ways">
        <div className="ac-way">
          <p className="ac-way-title">From a terminal or CI</p>
          <pre className="ac-snippet">{'hangar build ./app -t app:dev\nhangar cache ls'}</pre>
        </div>
        <div className="ac-way">
          <p className="ac-way-title">From here</p>
          <div className="ac-way-buttons">
            <button type="button" className="button ac-primary" onClick={onBuild}>
              Build through cache…
            </button>
            <button type="button" className="button" onClick={onImport}>
              Import skaffold’s cache…
            </button>
          </div>
        </div>
      </div>
      {storeFile && (
        <p className="ac-state-text ac-small">
          Entries are kept in <code>{storeFile}</code>, shared by the app and the CLI.
        </p>
      )}
    </div>
  );
}
