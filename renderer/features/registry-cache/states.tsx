/**
 * What a level shows instead of its table: listing, the registry's error in words, nothing cached
 * yet, a level not set, and — when no level is set at all — what to set.
 */
import type { CacheLevelId, LevelError } from '../../model/registry-cache/cache-rows.js';

export const EXAMPLE_LOCATION = 'localhost:5000/team/cache';

export function LevelLoading({ location }: { location: string }) {
  return (
    <div className="ac-state" role="status" data-testid="rc-loading">
      <span className="ac-spinner" aria-hidden="true" />
      <p className="ac-state-text">
        Listing <code>{location}</code>…
      </p>
    </div>
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
    <div className="ac-state ac-state-bad" data-testid="rc-error" data-code={error.code ?? ''}>
      <span className="ac-state-icon" aria-hidden="true">
        !
      </span>
      <p className="ac-state-title">
        Couldn’t list <code>{location}</code>
      </p>
      <p className="ac-state-text" role="alert" data-testid="rc-error-text">
        {error.text}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Refresh
      </button>
    </div>
  );
}

export function LevelEmpty({ level, location }: { level: CacheLevelId; location: string }) {
  return (
    <div className="ac-state ac-empty" data-testid="rc-empty">
      <p className="ac-state-title">Nothing cached here yet</p>
      <p className="ac-state-text">
        <code>{location}</code> holds no cache tag
        {level === 'browse' ? '.' : ' yet.'}{' '}
        {level === 'project'
          ? 'Builds push their image here as KEY after a cache miss (with “Push after build” on); the first push creates the repository.'
          : level === 'global'
            ? 'Images come here when someone pushes them as KEY under this location, e.g. from a CI build.'
            : 'Check the location, or push an image to it as LOCATION:KEY.'}
      </p>
    </div>
  );
}

export function LevelNotSet({ level, onSettings }: { level: CacheLevelId; onSettings(): void }) {
  const what =
    level === 'global'
      ? 'The global level is the cache shared across projects: lookups ask it first, after a local miss.'
      : 'The project level is your team’s cache: lookups ask it after the global one, and builds push to it.';
  return (
    <div className="ac-state ac-empty" data-testid="rc-not-set">
      <p className="ac-state-title">No {level} level set</p>
      <p className="ac-state-text">{what}</p>
      <button type="button" className="button" onClick={onSettings}>
        Set it in the settings
      </button>
    </div>
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
    <div className="ac-state ac-empty rc-intro" data-testid="rc-nothing-configured">
      <p className="ac-state-title">No registry cache is set up</p>
      <p className="ac-state-text">
        A registry cache lets a team share built images: each one is a tag <code>KEY</code> (the
        artifact’s cache key) under a location <code>REGISTRY/REPO[/NAMESPACE]</code>, such as{' '}
        <code>{EXAMPLE_LOCATION}</code>. After a local miss, a build asks the{' '}
        <strong>global</strong> level (shared by every project), then the <strong>project</strong>{' '}
        level (your team’s), and pulls what it finds instead of building.
      </p>
      <div className="ac-empty-ways">
        <div className="ac-way">
          <p className="ac-way-title">Set the levels</p>
          <p className="ac-small ac-faint rc-way-text">
            Type a location for the project level (and the global one, if there is a shared cache)
            {settingsOpen ? ' in the settings above' : ''} and save. Credentials come from{' '}
            <code>docker login</code>.
          </p>
          {!settingsOpen && (
            <div className="ac-way-buttons">
              <button type="button" className="button ac-primary" onClick={onSettings}>
                Open the settings
              </button>
            </div>
          )}
        </div>
        <div className="ac-way">
          <p className="ac-way-title">Or just look</p>
          <p className="ac-small ac-faint rc-way-text">
            Type any location in the box above and press Browse: nothing is saved. From a terminal:
          </p>
          <pre className="ac-snippet rc-snippet">{`hangar registry-cache ls ${EXAMPLE_LOCATION}`}</pre>
        </div>
      </div>
    </div>
  );
}
