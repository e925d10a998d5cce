import { describe, expect, it } from 'vitest';
import { makeImage, makeSnapshot } from '../testing/fake-transport.js';
import { applyDelta, applyDeltas, fromSnapshot, memoizeOne } from './index-model.js';

const a = makeImage('a');
const b = makeImage('b');
const c = makeImage('c');

describe('applyDelta', () => {
  const base = fromSnapshot(makeSnapshot(5, [a, b]));

  it('applies the next version: upserts replace or add, removals delete', () => {
    const a2 = { ...a, repoTags: ['a:v2'] };
    const outcome = applyDelta(base, { version: 6, upserts: [a2, c], removals: [b.id] });
    expect(outcome.kind).toBe('applied');
    if (outcome.kind !== 'applied') return;
    expect(outcome.index.version).toBe(6);
    expect([...outcome.index.images.keys()].sort()).toEqual([a.id, c.id].sort());
    expect(outcome.index.images.get(a.id)).toBe(a2);
  });

  it('does not touch the map it was given', () => {
    applyDelta(base, { version: 6, upserts: [c], removals: [a.id] });
    expect([...base.images.keys()]).toEqual([a.id, b.id]);
  });

  it('keeps the record objects an update did not touch', () => {
    const outcome = applyDelta(base, { version: 6, upserts: [c], removals: [] });
    if (outcome.kind !== 'applied') throw new Error('expected applied');
    expect(outcome.index.images.get(a.id)).toBe(a);
  });

  it('ignores a delta the index already includes', () => {
    expect(applyDelta(base, { version: 5, upserts: [c], removals: [] })).toEqual({
      kind: 'ignored',
    });
    expect(applyDelta(base, { version: 2, upserts: [], removals: [a.id] }).kind).toBe('ignored');
  });

  it('reports a gap when a version was skipped', () => {
    expect(applyDelta(base, { version: 8, upserts: [], removals: [] })).toEqual({
      kind: 'gap',
      expected: 6,
      received: 8,
    });
  });
});

describe('applyDeltas', () => {
  const base = fromSnapshot(makeSnapshot(10, [a]));

  it('sorts, skips old and duplicate deltas, and applies the rest in order', () => {
    const outcome = applyDeltas(base, [
      { version: 12, upserts: [], removals: [b.id] },
      { version: 9, upserts: [c], removals: [] },
      { version: 11, upserts: [b], removals: [] },
      { version: 11, upserts: [b], removals: [] },
    ]);
    expect(outcome.kind).toBe('ok');
    expect(outcome.index.version).toBe(12);
    expect([...outcome.index.images.keys()]).toEqual([a.id]);
  });

  it('stops at the first gap and returns what it applied', () => {
    const outcome = applyDeltas(base, [
      { version: 11, upserts: [b], removals: [] },
      { version: 13, upserts: [c], removals: [] },
    ]);
    expect(outcome).toMatchObject({ kind: 'gap', expected: 12, received: 13 });
    expect(outcome.index.version).toBe(11);
    expect(outcome.index.images.has(b.id)).toBe(true);
    expect(outcome.index.images.has(c.id)).toBe(false);
  });

  it('returns the base unchanged for no deltas', () => {
    expect(applyDeltas(base, [])).toEqual({ kind: 'ok', index: base });
  });
});

describe('memoizeOne', () => {
  it('recomputes only for a new argument', () => {
    let runs = 0;
    const double = memoizeOne((xs: number[]) => {
      runs++;
      return xs.map((x) => x * 2);
    });
    const input = [1, 2];
    const first = double(input);
    expect(double(input)).toBe(first);
    expect(runs).toBe(1);
    expect(double([1, 2])).not.toBe(first);
    expect(runs).toBe(2);
  });
});
