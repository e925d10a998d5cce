import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../../shared/model.js';
import { planPrune } from './prune-plan.js';

const DAY = 86_400;
const NOW = 1_800_000_000;

function img(id: string, over: Partial<ImageRecord> = {}): ImageRecord {
  return {
    id,
    repoTags: [],
    repoDigests: [],
    parentId: null,
    created: NOW - DAY,
    size: 100,
    labels: {},
    containers: [],
    dangling: false,
    intermediate: false,
    ...over,
  };
}

const used = (name: string, state = 'running') => [{ id: `c-${name}`, name, state }];

/** Fills in `dangling`/`intermediate` like the index does. */
function index(images: ImageRecord[]): ImageRecord[] {
  const parents = new Set(images.flatMap((r) => (r.parentId ? [r.parentId] : [])));
  return images.map((r) => ({
    ...r,
    dangling: r.repoTags.length === 0 && !parents.has(r.id),
    intermediate: r.repoTags.length === 0 && parents.has(r.id),
  }));
}

const ids = (plan: ReturnType<typeof planPrune>) => plan.images.map((i) => i.id);

describe('planPrune: dangling only', () => {
  it('takes untagged leaves, digest-only ones too, and skips those in use with the container named', () => {
    const plan = planPrune(
      index([
        img('d1'),
        img('d2', { size: 30 }),
        img('t', { repoTags: ['app:1'] }),
        img('u', { containers: used('web-1') }),
        img('g', { repoDigests: ['reg/app@sha256:aa'] }),
      ]),
      { mode: 'dangling' },
      null,
    );
    expect(ids(plan).sort()).toEqual(['d1', 'd2', 'g']);
    expect(plan.images.every((i) => i.role === 'match')).toBe(true);
    expect(plan.skipped).toEqual([
      { id: 'u', tags: [], reason: 'used by container web-1 (running)', containers: ['web-1'] },
    ]);
    expect(plan.reclaimBytes).toBe(230);
  });

  it('deletes an untagged parent chain after its only child, children first', () => {
    const plan = planPrune(
      index([
        img('base', { repoTags: ['base:1'], size: 100 }),
        img('i1', { parentId: 'base', size: 110 }),
        img('i2', { parentId: 'i1', size: 125 }),
        img('leaf', { parentId: 'i2', size: 160 }),
      ]),
      { mode: 'dangling' },
      null,
    );
    expect(plan.levels).toEqual([['leaf'], ['i2'], ['i1']]);
    expect(plan.images.map((i) => [i.id, i.role, i.ownBytes])).toEqual([
      ['leaf', 'match', 35],
      ['i2', 'parent', 15],
      ['i1', 'parent', 10],
    ]);
    // Each byte once: the chain above the tagged base is 60 bytes.
    expect(plan.reclaimBytes).toBe(60);
  });

  it('keeps a parent that another image still builds on, or that a container uses', () => {
    // (Parents are not candidates in this mode, so they are not listed as skipped either.)
    const plan = planPrune(
      index([
        img('shared'),
        img('leaf', { parentId: 'shared' }),
        img('kept', { parentId: 'shared', repoTags: ['app:2'] }),
        img('busy', { containers: used('old', 'exited') }),
        img('leaf2', { parentId: 'busy' }),
      ]),
      { mode: 'dangling' },
      null,
    );
    expect(ids(plan).sort()).toEqual(['leaf', 'leaf2']);
    expect(plan.skipped).toEqual([]);
  });

  it('never takes an intermediate whose child is filtered out', () => {
    const plan = planPrune(
      index([
        img('p'),
        img('a', { parentId: 'p', labels: { keep: 'no' } }),
        img('b', { parentId: 'p', labels: { keep: 'yes' } }),
      ]),
      { mode: 'dangling', notLabels: ['keep=yes'] },
      null,
    );
    expect(ids(plan)).toEqual(['a']);
  });
});

describe('planPrune: all unused', () => {
  it('takes tagged and untagged images no container uses, a tagged parent after its child', () => {
    const plan = planPrune(
      index([
        img('t1', { repoTags: ['a:1', 'a:2'] }),
        img('base', { repoTags: ['base:1'] }),
        img('mid', { parentId: 'base' }),
        img('top', { parentId: 'mid', repoTags: ['top:1'] }),
        img('d'),
      ]),
      { mode: 'unused' },
      null,
    );
    expect(plan.levels).toEqual([['d', 't1', 'top'], ['mid'], ['base']]);
    expect(plan.images.find((i) => i.id === 'mid')?.role).toBe('parent');
    expect(plan.images.find((i) => i.id === 'base')?.role).toBe('match');
  });

  it('leaves an image whole when an image in use builds on it, and says why', () => {
    const plan = planPrune(
      index([
        img('base', { repoTags: ['base:1'] }),
        img('mid', { parentId: 'base' }),
        img('app', { parentId: 'mid', repoTags: ['app:1'], containers: used('web-1') }),
        img('free', { repoTags: ['free:1'] }),
      ]),
      { mode: 'unused' },
      null,
    );
    expect(ids(plan)).toEqual(['free']);
    expect(plan.skipped.map((s) => [s.id, s.reason])).toEqual([
      ['app', 'used by container web-1 (running)'],
      ['base', 'image app:1 builds on it and stays: used by container web-1 (running)'],
    ]);
  });
});

describe('planPrune: filters', () => {
  const images = index([
    img('old', { created: NOW - 10 * DAY, labels: { team: 'a', tier: 'dev' } }),
    img('new', { created: NOW - 60, labels: { team: 'a' } }),
    img('other', { created: NOW - 10 * DAY, labels: { team: 'b' } }),
    img('bare', { created: NOW - 10 * DAY }),
  ]);

  it('until keeps only images created at or before the moment', () => {
    const plan = planPrune(images, { mode: 'dangling' }, (NOW - DAY) * 1000);
    expect(ids(plan).sort()).toEqual(['bare', 'old', 'other']);
    expect(ids(planPrune(images, { mode: 'dangling' }, (NOW - 60) * 1000))).toContain('new');
  });

  it('label= needs every filter; a key alone matches any value', () => {
    expect(ids(planPrune(images, { mode: 'dangling', labels: ['team=a'] }, null)).sort()).toEqual([
      'new',
      'old',
    ]);
    expect(
      ids(planPrune(images, { mode: 'dangling', labels: ['team', 'tier=dev'] }, null)),
    ).toEqual(['old']);
  });

  it('label!= leaves out images that carry it (unlabelled ones are kept in)', () => {
    expect(
      ids(planPrune(images, { mode: 'dangling', notLabels: ['team=a'] }, null)).sort(),
    ).toEqual(['bare', 'other']);
  });
});
