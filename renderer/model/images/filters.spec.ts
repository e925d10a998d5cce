import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import {
  countChips,
  cutoffOf,
  filterByChips,
  filterByText,
  hasFilters,
  labelOptions,
  matchesLabel,
  NO_FILTERS,
  registryOptions,
  visibleRows,
  type ImageFilters,
} from './filters.js';
import { deriveRows } from './rows.js';

const NOW = 1_800_000_000_000;
const DAY = 86_400;
const nowS = NOW / 1000;

const web = makeImage('web', {
  repoTags: ['shop/web:2.4', 'ghcr.io/acme/web:2.4'],
  labels: { team: 'web' },
  created: nowS - 2 * DAY,
  containers: [{ id: 'c', name: 'web-1', state: 'running' }],
});
const api = makeImage('api', {
  repoTags: ['shop/api:1.8'],
  repoDigests: ['shop/api@sha256:abcdef0123'],
  labels: { team: 'web', tier: 'backend' },
  created: nowS - 40 * DAY,
});
const pg = makeImage('pg', {
  repoTags: ['postgres:16'],
  labels: { team: 'data' },
  created: nowS - 400 * DAY,
});
const orphan = makeImage('orp', { repoTags: [], dangling: true, created: nowS - 90 * DAY });
const layer = makeImage('lay', { repoTags: [], intermediate: true, created: nowS - 90 * DAY });
const rows = deriveRows([web, api, pg, orphan, layer]);
const names = (r: { id: string }[]) => r.map((x) => x.id);
const f = (change: Partial<ImageFilters>): ImageFilters => ({ ...NO_FILTERS, ...change });

describe('filterByText', () => {
  it('matches every word in references, ids, digests and labels, case-insensitively', () => {
    expect(names(filterByText(rows, 'SHOP'))).toEqual([web.id, api.id]);
    expect(names(filterByText(rows, 'shop 1.8'))).toEqual([api.id]);
    expect(names(filterByText(rows, 'ghcr.io/acme'))).toEqual([web.id]);
    expect(names(filterByText(rows, api.id.slice(7, 15)))).toEqual([api.id]);
    expect(names(filterByText(rows, 'abcdef01'))).toEqual([api.id]);
    expect(names(filterByText(rows, 'team=data'))).toEqual([pg.id]);
    expect(filterByText(rows, 'nothing-like-this')).toEqual([]);
  });

  it('returns the rows themselves for an empty search', () => {
    expect(filterByText(rows, '   ')).toBe(rows);
  });
});

describe('filterByChips', () => {
  it('widens with status chips (any of them) and narrows with the others', () => {
    expect(names(filterByChips(rows, f({ status: ['dangling'] }), NOW))).toEqual([orphan.id]);
    expect(names(filterByChips(rows, f({ status: ['inUse'] }), NOW))).toEqual([web.id]);
    expect(names(filterByChips(rows, f({ status: ['dangling', 'inUse'] }), NOW))).toEqual([
      web.id,
      orphan.id,
    ]);
    expect(names(filterByChips(rows, f({ status: ['unused'], label: 'team=web' }), NOW))).toEqual([
      api.id,
    ]);
  });

  it('counts unused as no container, dangling included', () => {
    expect(names(filterByChips(rows, f({ status: ['unused'] }), NOW))).toEqual([
      api.id,
      pg.id,
      orphan.id,
      layer.id,
    ]);
  });

  it('keeps images created more than N days ago', () => {
    expect(names(filterByChips(rows, f({ olderThanDays: 30 }), NOW))).toEqual([
      api.id,
      pg.id,
      orphan.id,
      layer.id,
    ]);
    expect(names(filterByChips(rows, f({ olderThanDays: 365 }), NOW))).toEqual([pg.id]);
    expect(cutoffOf(1, NOW)).toBe(nowS - DAY);
  });

  it('filters by label key or key=value, and by registry', () => {
    expect(names(filterByChips(rows, f({ label: 'tier' }), NOW))).toEqual([api.id]);
    expect(names(filterByChips(rows, f({ label: 'team=web' }), NOW))).toEqual([web.id, api.id]);
    expect(filterByChips(rows, f({ label: 'team=' }), NOW)).toEqual([]);
    expect(names(filterByChips(rows, f({ registry: 'ghcr.io' }), NOW))).toEqual([web.id]);
    expect(names(filterByChips(rows, f({ registry: 'docker.io' }), NOW))).toEqual([
      web.id,
      api.id,
      pg.id,
    ]);
  });

  it('returns the rows themselves when no chip is on', () => {
    expect(filterByChips(rows, f({ text: 'ignored here' }), NOW)).toBe(rows);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters(f({ registry: 'ghcr.io' }))).toBe(true);
  });

  it('matchesLabel does not take a prefix for a key', () => {
    expect(matchesLabel(rows[1]!, 'tie')).toBe(false);
  });
});

describe('visibleRows', () => {
  it('hides intermediate layers unless asked', () => {
    expect(names(visibleRows(rows, false))).not.toContain(layer.id);
    expect(visibleRows(rows, true)).toBe(rows);
  });
});

describe('countChips', () => {
  it('counts each chip on its own, in one pass', () => {
    const counts = countChips(
      visibleRows(rows, false),
      f({ label: 'team=web', registry: 'ghcr.io', status: ['dangling'] }),
      NOW,
    );
    expect(counts).toEqual({
      dangling: 1,
      inUse: 1,
      unused: 3,
      older: 3,
      label: 2,
      registry: 1,
      updateAvailable: 0,
    });
  });

  it('counts older-than with the default days when the chip is off', () => {
    expect(countChips(rows, NO_FILTERS, NOW).older).toBe(4);
  });
});

describe('facet options', () => {
  it('lists label keys, their values when few, and single-valued keys as key=value', () => {
    expect(labelOptions(rows)).toEqual([
      { value: 'team', count: 3 },
      { value: 'team=web', count: 2 },
      { value: 'team=data', count: 1 },
      { value: 'tier=backend', count: 1 },
    ]);
  });

  it('lists registries, most images first', () => {
    expect(registryOptions(rows)).toEqual([
      { value: 'docker.io', count: 3 },
      { value: 'ghcr.io', count: 1 },
    ]);
  });
});
