/**
 * The images view in the address: which view, the filters, the sort, grouping and the intermediate
 * switch live in the hash (`#/images?q=web&status=dangling,unused&sort=size.desc`), so a reload or
 * a shared link opens the view as it was. Parsing is forgiving: anything it does not understand
 * is left at its default.
 */
import { NO_FILTERS, STATUS_CHIPS, type ImageFilters, type StatusChip } from './filters.js';
import { COLUMN_IDS } from './column-prefs.js';
import type { SortKey } from './sorting.js';

export type GroupBy = 'none' | 'repository';

export interface BrowserUrlState<V extends string = string> {
  view: V;
  filters: ImageFilters;
  sorting: SortKey[];
  groupBy: GroupBy;
  showIntermediate: boolean;
}

export const DEFAULT_SORT: SortKey[] = [{ id: 'created', desc: true }];

function sameSort(a: readonly SortKey[], b: readonly SortKey[]): boolean {
  return a.length === b.length && a.every((k, i) => k.id === b[i]?.id && k.desc === b[i]?.desc);
}

/** The hash for a state; defaults are left out, so the plain view is just `#/images`. */
export function toHash(state: BrowserUrlState): string {
  const q = new URLSearchParams();
  const f = state.filters;
  if (f.text.trim()) q.set('q', f.text);
  if (f.status.length > 0) q.set('status', f.status.join(','));
  if (f.olderThanDays !== null) q.set('older', String(f.olderThanDays));
  if (f.label !== null) q.set('label', f.label);
  if (f.registry !== null) q.set('registry', f.registry);
  if (f.updateAvailable) q.set('updates', '1');
  if (!sameSort(state.sorting, DEFAULT_SORT)) {
    q.set('sort', state.sorting.map((k) => `${k.id}.${k.desc ? 'desc' : 'asc'}`).join(','));
  }
  if (state.groupBy !== 'none') q.set('group', state.groupBy);
  if (state.showIntermediate) q.set('intermediate', '1');
  const query = q.toString();
  return `#/${encodeURIComponent(state.view)}${query ? `?${query}` : ''}`;
}

function parseSort(value: string | null): SortKey[] {
  if (!value) return DEFAULT_SORT;
  const keys = value.split(',').flatMap((part) => {
    const [id, dir] = part.split('.');
    if (!id || !(COLUMN_IDS as readonly string[]).includes(id)) return [];
    return [{ id, desc: dir !== 'asc' }];
  });
  return keys.length > 0 ? keys : DEFAULT_SORT;
}

function parseDays(value: string | null): number | null {
  if (value === null || !/^\d{1,5}$/.test(value)) return null;
  return Number(value);
}

/** Reads a hash; `views` are the view ids it may name (else `fallbackView`). */
export function fromHash<V extends string>(
  hash: string,
  views: readonly V[],
  fallbackView: V,
): BrowserUrlState<V> {
  const body = hash.replace(/^#\/?/, '');
  const qAt = body.indexOf('?');
  const path = decodeURIComponent(qAt < 0 ? body : body.slice(0, qAt));
  const q = new URLSearchParams(qAt < 0 ? '' : body.slice(qAt + 1));
  const view = (views as readonly string[]).includes(path) ? (path as V) : fallbackView;
  const status = (q.get('status') ?? '')
    .split(',')
    .filter((s): s is StatusChip => (STATUS_CHIPS as readonly string[]).includes(s));
  const label = q.get('label');
  const registry = q.get('registry');
  return {
    view,
    filters: {
      ...NO_FILTERS,
      text: q.get('q') ?? '',
      status: [...new Set(status)],
      olderThanDays: parseDays(q.get('older')),
      label: label ? label : null,
      registry: registry ? registry : null,
      updateAvailable: q.get('updates') === '1',
    },
    sorting: parseSort(q.get('sort')),
    groupBy: q.get('group') === 'repository' ? 'repository' : 'none',
    showIntermediate: q.get('intermediate') === '1',
  };
}
