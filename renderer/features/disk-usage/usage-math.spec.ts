import { describe, expect, it } from 'vitest';
import type { DiskUsageReport } from '../../../shared/channels/images.js';
import { makeImage } from '../../testing/fake-transport.js';
import { deriveRows } from '../../model/images/rows.js';
import { largestRepositories, summarizeUsage } from './usage-math.js';

function report(
  shared: Record<string, number>,
  layersSize: number,
  extra: Partial<DiskUsageReport> = {},
): DiskUsageReport {
  return {
    computedAt: 1,
    durationMs: 1,
    indexVersion: 1,
    layersSize,
    sharedSize: shared,
    estimated: false,
    estimateReason: null,
    refreshableAt: null,
    ...extra,
  };
}

// Two images on one 100-byte base layer, each with 10 bytes of its own; a dangling image alone.
const a = makeImage('a', {
  repoTags: ['app:1'],
  size: 110,
  containers: [{ id: 'c', name: 'web', state: 'running' }],
});
const b = makeImage('b', { repoTags: ['app:2'], size: 110 });
const d = makeImage('d', { repoTags: [], dangling: true, size: 30 });
const rows = deriveRows([a, b, d]);
const figures = report({ [a.id]: 100, [b.id]: 100, [d.id]: 0 }, 150);

describe('summarizeUsage', () => {
  it('counts a shared layer once on disk, and per image in the naive sum', () => {
    const s = summarizeUsage(rows, figures);
    expect(s.sizeSum).toBe(250);
    expect(s.onDisk).toBe(150);
    expect(s.unique).toBe(50); // 10 + 10 + 30
    expect(s.shared).toBe(100); // the base layer, once
    expect(s.estimated).toBe(false);
    expect(s).toMatchObject({ images: 3, inUse: 1, unused: 2, dangling: 1 });
  });

  it('says exactly what pruning dangling images frees when they share nothing', () => {
    expect(summarizeUsage(rows, figures).reclaimDangling).toEqual({
      images: 1,
      bytes: 30,
      exact: true,
    });
  });

  it('gives a lower bound for a set whose images share layers', () => {
    // Pruning unused removes b and d: b's own 10 bytes and d's 30 for sure; the base stays for a.
    expect(summarizeUsage(rows, figures).reclaimUnused).toEqual({
      images: 2,
      bytes: 40,
      exact: false,
    });
  });

  it('leaves in-use dangling images out of a dangling prune', () => {
    const used = makeImage('u', {
      repoTags: [],
      dangling: true,
      size: 7,
      containers: [{ id: 'x', name: 'x', state: 'exited' }],
    });
    const s = summarizeUsage(deriveRows([used]), report({ [used.id]: 0 }, 7));
    expect(s.reclaimDangling).toEqual({ images: 0, bytes: 0, exact: true });
  });

  it('is estimated before figures arrive and for images they do not cover', () => {
    const none = summarizeUsage(rows, null);
    expect(none).toMatchObject({
      onDisk: null,
      unique: null,
      shared: null,
      estimated: true,
      uncovered: 3,
    });
    expect(none.reclaimDangling.exact).toBe(false);
    const fresh = makeImage('n', { repoTags: ['new:1'], size: 20 });
    const s = summarizeUsage(deriveRows([a, b, d, fresh]), figures);
    expect(s.uncovered).toBe(1);
    expect(s.unique).toBe(70); // the new image counted whole
    expect(s.estimated).toBe(true);
    expect(s.reasons.join(' ')).toMatch(/1 image is newer/);
  });

  it('passes on the core’s own reason when its figures are older than the index', () => {
    const s = summarizeUsage(
      rows,
      report({ [a.id]: 100, [b.id]: 100, [d.id]: 0 }, 150, {
        estimated: true,
        estimateReason: 'Images changed.',
      }),
    );
    expect(s.estimated).toBe(true);
    expect(s.reasons).toEqual(['Images changed.']);
  });
});

describe('largestRepositories', () => {
  it('sums per repository, splits unique and shared, largest first', () => {
    const pg = makeImage('p', { repoTags: ['postgres:16'], size: 400 });
    const repos = largestRepositories(
      deriveRows([a, b, d, pg]),
      report({ [a.id]: 100, [b.id]: 100 }, 0),
      2,
    );
    expect(repos).toEqual([
      { repository: 'postgres', images: 1, unique: 400, shared: 0, size: 400 },
      { repository: 'app', images: 2, unique: 20, shared: 200, size: 220 },
    ]);
  });
});

describe('summarizeUsage against the index version', () => {
  it('marks figures of an older index version estimated', () => {
    expect(summarizeUsage(rows, figures, 1).estimated).toBe(false);
    const s = summarizeUsage(rows, figures, 2);
    expect(s.estimated).toBe(true);
    expect(s.reasons[0]).toMatch(/changed since/);
  });
});
