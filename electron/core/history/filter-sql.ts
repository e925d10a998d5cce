/**
 * The WHERE clause of a history filter. One value is an equality (so SQLite walks the matching
 * index in time order); several go in as one JSON parameter (`IN (SELECT value FROM json_each(?))`)
 * so the SQL text, and with it the cached statement, depends only on which fields are filtered.
 */
import type { SQLInputValue } from 'node:sqlite';
import type { HistoryFilters } from '../../../shared/history.js';

export interface SqlWhere {
  /** `WHERE …` or the empty string. */
  sql: string;
  params: SQLInputValue[];
}

type ListField = 'artifacts' | 'statuses' | 'levels' | 'origins';

const COLUMN: Record<ListField, string> = {
  artifacts: 'artifact',
  statuses: 'status',
  levels: 'level',
  origins: 'origin',
};

export function filterWhere(
  filters: HistoryFilters,
  extra: { sql: string; params: SQLInputValue[] }[] = [],
): SqlWhere {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  if (filters.from !== null) {
    clauses.push('at >= ?');
    params.push(filters.from);
  }
  if (filters.to !== null) {
    clauses.push('at < ?');
    params.push(filters.to);
  }
  for (const field of Object.keys(COLUMN) as ListField[]) {
    const values = filters[field];
    if (values.length === 1) {
      clauses.push(`${COLUMN[field]} = ?`);
      params.push(values[0] as string);
    } else if (values.length > 1) {
      clauses.push(`${COLUMN[field]} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(values));
    }
  }
  for (const e of extra) {
    clauses.push(e.sql);
    params.push(...e.params);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The filters without their time range (the range is given per bucket). */
export function withoutRange(filters: HistoryFilters): HistoryFilters {
  return { ...filters, from: null, to: null };
}
