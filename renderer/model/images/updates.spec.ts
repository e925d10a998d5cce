import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../shared/updates.js';
import { makeImage } from '../../testing/fake-transport.js';
import { countChips, filterByChips, NO_FILTERS } from './filters.js';
import { deriveRows } from './rows.js';
import { indexUpdates, outdatedIds, outdatedTags, rowUpdate } from './updates.js';

const app = makeImage('app', { repoTags: ['localhost:5000/app:1', 'localhost:5000/app:latest'] });
const pg = makeImage('pg', { repoTags: ['postgres:16'] });
const local = makeImage('loc', { repoTags: ['mine:dev'] });
const rows = deriveRows([app, pg, local]);
const row = (id: string) => rows.find((r) => r.id === id)!;

function status(tag: string, imageId: string, over: Partial<UpdateStatus> = {}): UpdateStatus {
  return {
    tag,
    imageId,
    state: 'upToDate',
    reason: null,
    localDigests: [],
    remoteDigest: null,
    remoteCreated: null,
    checkedAt: 1,
    ...over,
  };
}

describe('update status of rows', () => {
  const byTag = indexUpdates([
    status('localhost:5000/app:1', app.id, {
      state: 'updateAvailable',
      remoteCreated: '2026-11-29T12:00:00.000Z',
    }),
    status('localhost:5000/app:latest', app.id),
    status('postgres:16', pg.id),
    status('mine:dev', local.id, { state: 'unknown', reason: 'no registry digest' }),
  ]);

  it('reads update available when any tag is behind, and names those tags', () => {
    expect(rowUpdate(row(app.id), byTag)).toMatchObject({
      state: 'updateAvailable',
      outdated: ['localhost:5000/app:1'],
      remoteCreated: Date.parse('2026-11-29T12:00:00.000Z'),
    });
    expect(rowUpdate(row(pg.id), byTag)).toMatchObject({
      state: 'upToDate',
      remoteCreated: null,
    });
  });

  it('reads unknown with the reason of each unknown tag', () => {
    expect(rowUpdate(row(local.id), byTag)).toMatchObject({
      state: 'unknown',
      reasons: ['mine:dev: no registry digest'],
    });
  });

  it('is unchecked when no check exists, or the check was of another image under the tag', () => {
    expect(rowUpdate(row(pg.id), new Map())).toBeNull();
    const retagged = indexUpdates([status('postgres:16', 'sha256:other')]);
    expect(rowUpdate(row(pg.id), retagged)).toBeNull();
  });

  it('keeps the later check of a tag', () => {
    const later = indexUpdates([
      status('postgres:16', pg.id, { state: 'updateAvailable', checkedAt: 5 }),
      status('postgres:16', pg.id, { checkedAt: 2 }),
    ]);
    expect(later.get('postgres:16')?.state).toBe('updateAvailable');
  });

  it('lists the outdated images and tags, and the filter chip keeps only them', () => {
    const ids = outdatedIds(rows, byTag);
    expect([...ids]).toEqual([app.id]);
    expect(outdatedTags(rows, byTag)).toEqual(['localhost:5000/app:1']);
    const f = { ...NO_FILTERS, updateAvailable: true };
    expect(filterByChips(rows, f, 0, ids).map((r) => r.id)).toEqual([app.id]);
    expect(filterByChips(rows, f, 0).map((r) => r.id)).toEqual([]);
    expect(countChips(rows, NO_FILTERS, 0, ids).updateAvailable).toBe(1);
  });
});
