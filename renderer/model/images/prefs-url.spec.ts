import { describe, expect, it } from 'vitest';
import { compactAge } from './age.js';
import {
  COLUMN_PREFS_KEY,
  DEFAULT_COLUMN_PREFS,
  loadColumnPrefs,
  moveColumn,
  normalizePrefs,
  saveColumnPrefs,
  setColumnVisible,
  visibleColumns,
  type PrefsStorage,
} from './column-prefs.js';
import { NO_FILTERS } from './filters.js';
import { DEFAULT_SORT, fromHash, toHash } from './url-state.js';

function memoryStorage(
  initial: Record<string, string> = {},
): PrefsStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}

describe('column prefs', () => {
  it('hides, shows and moves columns; the repository column stays', () => {
    let prefs = setColumnVisible(DEFAULT_COLUMN_PREFS, 'digest', true);
    prefs = setColumnVisible(prefs, 'status', false);
    prefs = setColumnVisible(prefs, 'repository', false);
    prefs = moveColumn(prefs, 'size', -1);
    expect(visibleColumns(prefs)).toEqual([
      'repository',
      'tags',
      'imageId',
      'digest',
      'size',
      'created',
      'uniqueSize',
      'containers',
    ]);
    expect(moveColumn(prefs, 'repository', -1)).toBe(prefs);
  });

  it('saves and loads through the storage', () => {
    const storage = memoryStorage();
    const prefs = setColumnVisible(DEFAULT_COLUMN_PREFS, 'containers', false);
    saveColumnPrefs(storage, prefs);
    expect(JSON.parse(storage.data[COLUMN_PREFS_KEY] ?? '')).toEqual(prefs);
    expect(loadColumnPrefs(storage)).toEqual(prefs);
  });

  it('falls back to defaults for unreadable values and repairs partial ones', () => {
    expect(loadColumnPrefs(memoryStorage({ [COLUMN_PREFS_KEY]: '{oops' }))).toBe(
      DEFAULT_COLUMN_PREFS,
    );
    expect(loadColumnPrefs(null)).toBe(DEFAULT_COLUMN_PREFS);
    const repaired = normalizePrefs({
      order: ['size', 'bogus', 'size', 'tags'],
      hidden: ['repository', 'x'],
    });
    expect(repaired.order.slice(0, 2)).toEqual(['size', 'tags']);
    expect(repaired.order).toHaveLength(10);
    // Columns it did not know are added hidden if they are hidden by default.
    expect(repaired.hidden).toEqual(['digest', 'sharedSize']);
  });

  it('survives a storage that throws', () => {
    const broken: PrefsStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadColumnPrefs(broken)).toBe(DEFAULT_COLUMN_PREFS);
    expect(() => saveColumnPrefs(broken, DEFAULT_COLUMN_PREFS)).not.toThrow();
  });
});

describe('url state', () => {
  const views = ['images', 'dangling'] as const;

  it('leaves defaults out and reads back what it wrote', () => {
    const plain = {
      view: 'images',
      filters: NO_FILTERS,
      sorting: DEFAULT_SORT,
      groupBy: 'none' as const,
      showIntermediate: false,
    };
    expect(toHash(plain)).toBe('#/images');
    const state = {
      view: 'dangling' as const,
      filters: {
        text: 'shop api',
        status: ['dangling', 'unused'] as ('dangling' | 'unused')[],
        olderThanDays: 30,
        label: 'team=web',
        registry: 'localhost:5000',
        updateAvailable: true,
      },
      sorting: [
        { id: 'size', desc: true },
        { id: 'repository', desc: false },
      ],
      groupBy: 'repository' as const,
      showIntermediate: true,
    };
    const hash = toHash(state);
    expect(hash).toContain('sort=size.desc%2Crepository.asc');
    expect(fromHash(hash, views, 'images')).toEqual(state);
  });

  it('ignores what it does not understand', () => {
    const state = fromHash(
      '#/nowhere?status=bogus,inUse&older=-3&sort=evil.desc&group=x',
      views,
      'images',
    );
    expect(state.view).toBe('images');
    expect(state.filters.status).toEqual(['inUse']);
    expect(state.filters.olderThanDays).toBeNull();
    expect(state.sorting).toEqual(DEFAULT_SORT);
    expect(state.groupBy).toBe('none');
    expect(fromHash('', views, 'images').filters).toEqual(NO_FILTERS);
  });
});

describe('compactAge', () => {
  const now = 1_800_000_000_000;
  const at = (secondsAgo: number) => compactAge(now / 1000 - secondsAgo, now);
  it('says ages shortly', () => {
    expect(at(5)).toBe('just now');
    expect(at(-30)).toBe('just now');
    expect(at(180)).toBe('3 min ago');
    expect(at(5 * 3600)).toBe('5 h ago');
    expect(at(3 * 86400)).toBe('3 days ago');
    expect(at(21 * 86400)).toBe('3 wk ago');
    expect(at(200 * 86400)).toBe('6 mo ago');
    expect(at(800 * 86400)).toBe('2 yr ago');
  });
});
