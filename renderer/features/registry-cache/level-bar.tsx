/**
 * The registry cache page's controls: the level tabs (Global, Project, and a location browsed
 * without saving), the TTL ages are judged against, the form to browse a location, and the head of
 * the level shown — which level, where, how many tags of how many are loaded, when it was listed,
 * Refresh and the filter.
 */
import { SearchBox } from '../../components/search-box.js';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { formatClock } from '../../lib/format.js';
import type { LevelListing } from '../../store/slices/registry-levels.js';
import { useAppStore } from '../../store/store-context.js';
import {
  formatTtl,
  LEVEL_HINTS,
  LEVEL_IDS,
  LEVEL_WORDS,
  loadedLine,
  matchLine,
  parseTtl,
  locationRegistry,
  type CacheLevelId,
} from '../../model/registry-cache/cache-rows.js';
import { RefreshIcon } from '../../components/icons.js';
import { locationProblem } from './settings-form.js';
import { EXAMPLE_LOCATION } from './states.js';

export const tabDomId = (base: string, id: CacheLevelId): string => `${base}-tab-${id}`;

function TabCount({ level }: { level: LevelListing }) {
  if (level.location === null) return null;
  if (level.phase === 'loading' && level.entries.length === 0) {
    return <span className="spinner spinner-small" aria-label="listing" />;
  }
  if (level.phase === 'error') {
    return (
      <span className="count tone-bad" aria-label="could not be listed">
        !
      </span>
    );
  }
  if (level.phase === 'idle') return null;
  return <span className="count">{level.total.toLocaleString('en-US')}</span>;
}

/** `HOST/` then the path: the host gives way first when the tab is narrow. */
function TabLocation({ location }: { location: string }) {
  const host = locationRegistry(location);
  return (
    <span className="rc-tab-location" title={location}>
      <span className="rc-tab-host">{host}/</span>
      <span className="rc-tab-path">{location.slice(host.length + 1)}</span>
    </span>
  );
}

export function LevelTabs({ base, panelId }: { base: string; panelId: string }) {
  const current = useAppStore((s) => s.registryCacheLevel);
  const levels = useAppStore((s) => s.registryCacheLevels);
  const setLevel = useAppStore((s) => s.setRegistryCacheLevel);
  const refs = useRef<Partial<Record<CacheLevelId, HTMLButtonElement | null>>>({});

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const at = LEVEL_IDS.indexOf(current);
    let next: CacheLevelId | undefined;
    if (e.key === 'ArrowRight') next = LEVEL_IDS[(at + 1) % LEVEL_IDS.length];
    else if (e.key === 'ArrowLeft')
      next = LEVEL_IDS[(at + LEVEL_IDS.length - 1) % LEVEL_IDS.length];
    else if (e.key === 'Home') next = LEVEL_IDS[0];
    else if (e.key === 'End') next = LEVEL_IDS.at(-1);
    if (!next) return;
    e.preventDefault();
    setLevel(next);
    refs.current[next]?.focus();
  };

  return (
    <div className="rc-tabs" role="tablist" aria-label="Cache levels" onKeyDown={onKeyDown}>
      {LEVEL_IDS.map((id) => {
        const level = levels[id];
        const selected = id === current;
        const word = id === 'browse' && level.location === null ? 'Browse' : LEVEL_WORDS[id];
        return (
          <button
            key={id}
            ref={(el) => {
              refs.current[id] = el;
            }}
            type="button"
            role="tab"
            id={tabDomId(base, id)}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            className={`rc-tab${selected ? ' is-selected' : ''}`}
            title={LEVEL_HINTS[id]}
            data-testid={`rc-tab-${id}`}
            onClick={() => setLevel(id)}
          >
            <span className={`rc-level-dot rc-level-${id}`} aria-hidden="true" />
            <span className="rc-tab-word">{word}</span>
            {level.location === null ? (
              <span className="rc-tab-location faint">
                {id === 'browse' ? 'any location' : 'not set'}
              </span>
            ) : (
              <TabLocation location={level.location} />
            )}
            <TabCount level={level} />
          </button>
        );
      })}
    </div>
  );
}

export function TtlControl() {
  const ttl = useAppStore((s) => s.registryCacheTtl);
  const fallback = useAppStore((s) => s.registryCacheDefaultTtl);
  const overridden = useAppStore((s) => s.registryCacheTtlOverridden);
  const setTtl = useAppStore((s) => s.setRegistryCacheTtl);
  const reset = useAppStore((s) => s.resetRegistryCacheTtl);
  /** What is typed, while it differs from the store's value; null shows the store's. */
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const text = draft ?? (ttl === null ? '' : String(ttl));
  const valid = parseTtl(text).ok;
  const fallbackText = fallback === null ? 'none' : formatTtl(fallback);
  const explain = !valid
    ? 'A TTL is a number of hours above 0, or empty for none.'
    : overridden
      ? `Ages are judged against the hours typed here, on this page only (not saved). The artifact cache’s TTL: ${fallbackText}.`
      : fallback === null
        ? 'The artifact cache has no TTL: type hours to judge the ages against (not saved).'
        : 'The artifact cache’s TTL. Type other hours to judge the ages against them (not saved).';
  return (
    <div className={`rc-ttl${valid ? '' : ' has-error'}`} title={explain} data-testid="rc-ttl">
      <label className="rc-ttl-label" htmlFor={`${id}-ttl`}>
        TTL
      </label>
      <input
        id={`${id}-ttl`}
        className="input rc-ttl-input num"
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        placeholder="none"
        value={text}
        aria-invalid={valid ? undefined : true}
        aria-describedby={`${id}-ttl-note`}
        data-testid="rc-ttl-input"
        onChange={(e) => {
          setDraft(e.target.value);
          const parsed = parseTtl(e.target.value);
          if (parsed.ok) setTtl(parsed.hours);
        }}
        onBlur={() => {
          if (valid) setDraft(null);
        }}
      />
      <span className="rc-ttl-unit">h</span>
      <span id={`${id}-ttl-note`} className="offscreen" data-testid="rc-ttl-note">
        {explain}
      </span>
      {overridden ? (
        <button
          type="button"
          className="link-button rc-ttl-reset"
          onClick={() => {
            reset();
            setDraft(null);
          }}
          title={`Back to the artifact cache’s TTL (${fallbackText})`}
          data-testid="rc-ttl-reset"
        >
          Reset
        </button>
      ) : (
        fallback !== null && <span className="field-hint">artifact cache’s</span>
      )}
    </div>
  );
}

export function BrowseForm() {
  const browse = useAppStore((s) => s.browseRegistryLocation);
  const current = useAppStore((s) => s.registryCacheLevels.browse.location);
  const [text, setText] = useState(current ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const value = text.trim();
    const why =
      value === '' ? `Type a location, e.g. ${EXAMPLE_LOCATION}.` : locationProblem(value);
    setProblem(why);
    if (why === null) void browse(value);
  };

  return (
    <form className="rc-browse" onSubmit={submit} noValidate data-testid="rc-browse">
      <label className="field-label" htmlFor={`${id}-loc`}>
        Location to browse
      </label>
      <input
        id={`${id}-loc`}
        className="input input-mono rc-browse-input"
        value={text}
        placeholder={EXAMPLE_LOCATION}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-loc-note`}
        data-testid="rc-browse-input"
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
      />
      <button type="submit" className="button" data-testid="rc-browse-submit">
        Browse
      </button>
      <span
        id={`${id}-loc-note`}
        className={problem ? 'field-error' : 'field-hint'}
        role={problem ? 'alert' : undefined}
        data-testid={problem ? 'rc-browse-error' : undefined}
      >
        {problem ?? 'Looks without saving: the levels stay as they are.'}
      </span>
    </form>
  );
}

interface HeadProps {
  id: CacheLevelId;
  level: LevelListing & { location: string };
  filter: string;
  onFilter(text: string): void;
}

export function LevelHead({ id, level, filter, onFilter }: HeadProps) {
  const refresh = useAppStore((s) => s.refreshRegistryLevel);
  const loading = level.phase === 'loading';
  const listed = level.listedAt === null ? null : new Date(level.listedAt);
  const counted = level.phase === 'ready' || level.phase === 'empty';
  return (
    <div className="rc-level-head" data-testid="rc-level-head">
      <span
        className={`rc-level-badge rc-level-${id}`}
        title={LEVEL_HINTS[id]}
        data-testid="rc-level-badge"
      >
        {LEVEL_WORDS[id]}
      </span>
      <code className="rc-location" title={level.location} data-testid="rc-location">
        {level.location}
      </code>
      {counted && (
        <span className="rc-count num" data-testid="rc-loaded">
          {level.match === ''
            ? loadedLine(level.entries.length, level.total)
            : matchLine(level.entries.length, level.matching, level.total)}
        </span>
      )}
      {listed && (
        <span className="rc-listed" title={listed.toString()} data-testid="rc-listed">
          listed {formatClock(listed.getTime())}
        </span>
      )}
      <button
        type="button"
        className="button button-small rc-refresh"
        disabled={loading}
        onClick={() => void refresh(id)}
        data-testid="rc-refresh"
      >
        {loading ? <span className="spinner spinner-small" aria-hidden="true" /> : <RefreshIcon />}
        {loading ? 'Listing…' : 'Refresh'}
      </button>
      <span className="rc-head-end">
        <TtlControl />
      </span>
      {(level.total > 0 || level.match !== '' || filter !== '') && (
        <SearchBox
          className="rc-filter"
          placeholder="Search keys and artifacts"
          label="Search every tag of this level by key or artifact"
          testId="rc-filter"
          value={filter}
          onChange={onFilter}
        />
      )}
    </div>
  );
}
