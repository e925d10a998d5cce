/** What the cache view shows instead of the table: loading, the store unreadable, no entry yet. */
import { LoadingPanel, StatePanel } from '../../components/states.js';
import { useAppStore } from '../../store/store-context.js';

export function CacheLoading() {
  return <LoadingPanel testId="artifacts-loading">Reading the artifact cache…</LoadingPanel>;
}

export function CacheError({ message }: { message: string }) {
  const load = useAppStore((s) => s.loadArtifacts);
  return (
    <StatePanel mark="bad" title="Couldn’t read the artifact cache" testId="artifacts-error">
      <p className="state-text">{message}</p>
      <button type="button" className="button" onClick={() => void load()}>
        Try again
      </button>
    </StatePanel>
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
    <StatePanel title="The artifact cache is empty" testId="artifacts-empty">
      <p className="state-text">
        Hangar keys each build by a hash of its inputs (the Dockerfile, the files the context’s{' '}
        <code>.dockerignore</code> keeps, build args and target) and remembers the image built from
        them. When nothing changed, the next build is a <strong>HIT</strong> that takes milliseconds
        instead of a rebuild; when something did, the <strong>MISS</strong> names the files and
        build args that changed.
      </p>
      <div className="state-ways">
        <div className="state-way">
          <p className="state-way-title">From a terminal or CI</p>
          <pre className="snippet">{'hangar build ./app -t app:dev\nhangar cache ls'}</pre>
        </div>
        <div className="state-way">
          <p className="state-way-title">From here</p>
          <div className="state-way-buttons">
            <button type="button" className="button button-primary" onClick={onBuild}>
              Build through cache…
            </button>
            <button type="button" className="button" onClick={onImport}>
              Import skaffold’s cache…
            </button>
          </div>
        </div>
      </div>
      {storeFile && (
        <p className="state-text small">
          Entries are kept in <code>{storeFile}</code>, shared by the app and the CLI.
        </p>
      )}
    </StatePanel>
  );
}
