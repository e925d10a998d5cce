/**
 * Which columns the images table shows, and in what order: the user's choice, kept in
 * localStorage (the same in Electron and in the browser host). Loading is forgiving: unknown ids
 * are dropped, columns added in a later version are appended (hidden if hidden by default), and
 * anything unreadable falls back to the defaults.
 */

/** The images table's columns; each one sorts (`sorting.ts` has a comparator per id). */
export const COLUMN_IDS = [
  'repository',
  'tags',
  'imageId',
  'digest',
  'created',
  'size',
  'sharedSize',
  'uniqueSize',
  'containers',
  'status',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const COLUMN_TITLES: Record<ColumnId, string> = {
  repository: 'Repository',
  tags: 'Tags',
  imageId: 'Image ID',
  digest: 'Digest',
  created: 'Created',
  size: 'Size',
  sharedSize: 'Shared',
  uniqueSize: 'Unique',
  containers: 'Containers',
  status: 'Status',
};

/** Columns that cannot be hidden (a row needs a name). */
export const REQUIRED_COLUMNS: readonly ColumnId[] = ['repository'];

export interface ColumnPrefs {
  order: ColumnId[];
  hidden: ColumnId[];
}

export const DEFAULT_COLUMN_PREFS: ColumnPrefs = {
  order: [...COLUMN_IDS],
  hidden: ['digest', 'sharedSize'],
};

export const COLUMN_PREFS_KEY = 'hangar.images.columns.v1';

/** The part of `Storage` we use. */
export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function isColumnId(value: unknown): value is ColumnId {
  return typeof value === 'string' && (COLUMN_IDS as readonly string[]).includes(value);
}

/** Makes any value a valid `ColumnPrefs` (see the module comment). */
export function normalizePrefs(value: unknown): ColumnPrefs {
  if (!value || typeof value !== 'object') return DEFAULT_COLUMN_PREFS;
  const v = value as { order?: unknown; hidden?: unknown };
  const order = [...new Set(Array.isArray(v.order) ? v.order.filter(isColumnId) : [])];
  const known = new Set(order);
  const added = COLUMN_IDS.filter((id) => !known.has(id));
  const hidden = new Set(Array.isArray(v.hidden) ? v.hidden.filter(isColumnId) : []);
  for (const id of added) if (DEFAULT_COLUMN_PREFS.hidden.includes(id)) hidden.add(id);
  for (const id of REQUIRED_COLUMNS) hidden.delete(id);
  return { order: [...order, ...added], hidden: COLUMN_IDS.filter((id) => hidden.has(id)) };
}

export function loadColumnPrefs(storage: PrefsStorage | null): ColumnPrefs {
  if (!storage) return DEFAULT_COLUMN_PREFS;
  try {
    const raw = storage.getItem(COLUMN_PREFS_KEY);
    return raw === null ? DEFAULT_COLUMN_PREFS : normalizePrefs(JSON.parse(raw));
  } catch {
    return DEFAULT_COLUMN_PREFS;
  }
}

export function saveColumnPrefs(storage: PrefsStorage | null, prefs: ColumnPrefs): void {
  try {
    storage?.setItem(COLUMN_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Storage full or refused (private mode): the choice lasts this session only.
  }
}

export function setColumnVisible(prefs: ColumnPrefs, id: ColumnId, visible: boolean): ColumnPrefs {
  if (!visible && REQUIRED_COLUMNS.includes(id)) return prefs;
  const hidden = new Set(prefs.hidden);
  if (visible) hidden.delete(id);
  else hidden.add(id);
  return { ...prefs, hidden: COLUMN_IDS.filter((c) => hidden.has(c)) };
}

/** Moves a column one place earlier (-1) or later (+1) in the order. */
export function moveColumn(prefs: ColumnPrefs, id: ColumnId, by: -1 | 1): ColumnPrefs {
  const order = [...prefs.order];
  const at = order.indexOf(id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= order.length) return prefs;
  [order[at], order[to]] = [order[to] as ColumnId, id];
  return { ...prefs, order };
}

/** The visible columns, in order. */
export function visibleColumns(prefs: ColumnPrefs): ColumnId[] {
  const hidden = new Set(prefs.hidden);
  return prefs.order.filter((id) => !hidden.has(id));
}
