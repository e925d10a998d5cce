/**
 * What a level shows instead of its table: listing, the registry's error in words, nothing cached
 * yet, a level not set, and — when no level is set at all — what to set.
 */
import { LoadingPanel, StatePanel } from '../../components/states.js';
import type { CacheLevelId, LevelError } from '../../model/registry-cache/cache-rows.js';

export const EXAMPLE_LOCATION = 'localhost:5000/team/cache';

export function LevelLoading({ location }: { location: string }) {
  return (
    <LoadingPanel testId="rc-loading">
      Listing <code>{location}</code>…
    </LoadingPanel>
  );
}

export function LevelFailed({
  location,
  error,
  onRetry,
}: {
  location: string;
  error: LevelError;
  onRetry(): void;
}) {
  return (
    <StatePanel
      mark="bad"
      title={
        <>
          Couldn’t list <code>{location}</code>
        </>
      }
      testId="rc-error"
      data={{ 'data-code': error.code ?? '' }}
    >
      <p className="state-text" role="alert" data-testid="rc-error-text">
        {error.text}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Refresh
      </button>
    </StatePanel>
  );
}

export function LevelEmpty({ level, location }: { level: CacheLevelId; location: string }) {
  return (
    <StatePanel title="Nothing cached here yet" testId="rc-empty">
      <p className="state-text">
        <code>{location}</code> holds no cache tag
        {level === 'browse' ? '.' : ' yet.'}{' '}
        {level === 'project'
          ? 'Builds push their image here as KEY after a cache miss (with “Push after build” on); the first push creates the repository.'
          : level === 'global'
            ? 'Images come here when someone pushes them as KEY under this location, e.g. from a CI build.'
            : 'Check the location, or push an image to it as LOCATION:KEY.'}
      </p>
    </StatePanel>
  );
}

export function LevelNotSet({ level, onSettings }: { level: CacheLevelId; onSettings(): void }) {
  const what =
    level === 'global'
      ? 'The global level is the cache shared across projects: lookups ask it first, after a local miss.'
      : 'The project level is your team’s cache: lookups ask it after the global one, and builds push to it.';
  return (
    <StatePanel title={`No ${level} level set`} testId="rc-not-set">
      <p className="state-text">{what}</p>
      <button type="button" className="button" onClick={onSettings}>
        Set it in the settings
      </button>
    </StatePanel>
  );
}

/** No level is set at all: what a level is, an example, and where to set one. */
export function NothingConfigured({
  settingsOpen,
  onSettings,
}: {
  settingsOpen: boolean;
  onSettings(): void;
}) {
  return (
    <StatePanel title="No registry cache is set up" testId="rc-nothing-configured">
      <p className="state-text">
        A registry cache lets a team share built images: each one is a tag <code>KEY</code> (the
        artifact’s cache key) under a location <code>REGISTRY/REPO[/NAMESPACE]</code>, such as{' '}
        <code>{EXAMPLE_LOCATION}</code>. After a local miss, a build asks the{' '}
        <strong>global</strong> level (shared by every project), then the <strong>project</strong>{' '}
        level (your team’s), and pulls what it finds instead of building.
      </p>
      <div className="state-ways">
        <div className="state-way">
          <p className="state-way-title">Set the levels</p>
          <p className="state-way-text">
            Type a location for the project level (and the global one, if there is a shared cache)
            {settingsOpen ? ' in the settings above' : ''} and save. Credentials come from{' '}
            <code>docker login</code>.
          </p>
          {!settingsOpen && (
            <div className="state-way-buttons">
              <button type="button" className="button button-primary" onClick={onSettings}>
                Open the settings
              </button>
            </div>
          )}
        </div>
        <div className="state-way">
          <p className="state-way-title">Or just look</p>
          <p className="state-way-text">
            Type any location in the box above and press Browse: nothing is saved. From a terminal:
          </p>
          <pre className="snippet">{`hangar registry-cache ls ${EXAMPLE_LOCATION}`}</pre>
        </div>
      </div>
    </StatePanel>
  );
}
