import { describe, expect, it } from 'vitest';
import type { BuildCacheListing, BuildCacheRecord } from '../../../shared/build-cache.js';
import { parseCli } from '../args.js';
import { previewJson, reportJson, verboseText } from './builder.js';

function rec(id: string, parents: string[] = []): BuildCacheRecord {
  return {
    id,
    parents,
    type: 'regular',
    description: `mount / from exec /bin/sh -c make ${id}`,
    inUse: false,
    shared: false,
    size: 1000,
    reclaimable: true,
    createdAt: Date.UTC(2026, 0, 1),
    lastUsedAt: null,
    usageCount: 2,
    attribution:
      id === 'leaf' ? { artifact: 'api', step: 'RUN make leaf', buildRecordId: 1 } : null,
  };
}

describe('hangar builder', () => {
  it('parses du, prune and policy with the options docker names them by', () => {
    expect(parseCli(['builder', 'du', '--verbose', '--json'])).toMatchObject({
      cmd: { sub: 'du', verbose: true, json: true },
    });
    expect(
      parseCli([
        'builder',
        'prune',
        '--all',
        '--until',
        '48h',
        '--type',
        'regular',
        '--type',
        'exec.cachemount',
        '--artifact',
        'api',
        '--keep-storage',
        '5GB',
        '--dry-run',
      ]),
    ).toMatchObject({
      cmd: {
        sub: 'prune',
        dryRun: true,
        options: {
          all: true,
          unusedFor: '48h',
          types: ['regular', 'exec.cachemount'],
          artifact: 'api',
          keepStorage: 5e9,
        },
      },
    });
    expect(parseCli(['builder', 'policy', '--keep-under', '5GB'])).toMatchObject({
      cmd: { sub: 'policy', keepUnderBytes: 5e9 },
    });
    expect(parseCli(['builder', 'policy', '--off'])).toMatchObject({
      cmd: { sub: 'policy', keepUnderBytes: null },
    });
    expect(parseCli(['builder', 'policy'])).toMatchObject({
      cmd: { sub: 'policy', keepUnderBytes: undefined },
    });
  });

  it('refuses what is not a time, a size or a type, and options of another subcommand', () => {
    expect(() => parseCli(['builder'])).toThrow('builder needs a subcommand');
    expect(() => parseCli(['builder', 'ls'])).toThrow("unknown builder subcommand 'ls'");
    expect(() => parseCli(['builder', 'prune', '--until', 'soon'])).toThrow(/--until 'soon'/);
    expect(() => parseCli(['builder', 'prune', '--type', 'NO'])).toThrow(/--type 'NO'/);
    expect(() => parseCli(['builder', 'du', '--all'])).toThrow("'builder du' does not take --all");
    expect(() => parseCli(['builder', 'policy', '--keep-under', '1GB', '--off'])).toThrow(
      /cannot go together/,
    );
    expect(() => parseCli(['builder', 'policy', '--keep-under', '0'])).toThrow(/more than 0/);
    expect(() => parseCli(['build-cache', 'ls'])).toThrow(/unknown command/);
  });

  it('gives the JSON shapes of the preview and the report and nothing else', () => {
    const preview = previewJson({
      id: 'p',
      options: {},
      records: [
        { id: 'a', type: 'regular', description: 'd', size: 1, lastUsedAt: null, reason: 'r' },
      ],
      reclaimBytes: 1,
      skipped: [{ id: 'b', type: 'regular', size: 2, reason: 'in use' }],
      computedAt: 0,
    });
    expect(preview).toEqual({
      records: [
        { id: 'a', type: 'regular', description: 'd', size: 1, lastUsedAt: null, reason: 'r' },
      ],
      reclaimBytes: 1,
    });
    expect(
      reportJson({
        deleted: ['a'],
        skipped: [{ id: 'b', reason: 'in use' }],
        failed: [],
        reclaimedBytes: 1,
        previewBytes: 1,
      }),
    ).toEqual({
      deleted: ['a'],
      skipped: [{ id: 'b', reason: 'in use' }],
      failed: [],
      reclaimedBytes: 1,
    });
  });

  it('du --verbose prints each record with its parent chain and who made it', () => {
    const records = [rec('root'), rec('mid', ['root']), rec('leaf', ['mid'])];
    const listing: BuildCacheListing = {
      supported: true,
      records,
      totals: { count: 3, bytes: 3000, reclaimableBytes: 3000, inUseBytes: 0, sharedBytes: 0 },
      byType: {},
      computedAt: Date.UTC(2026, 0, 2),
      source: '/system/df',
    };
    const text = verboseText(listing);
    expect(text).toContain('ID:           leaf\nParents:      mid <- root\n');
    expect(text).toContain('Made by:      RUN make leaf of api\n');
    expect(text).toContain('Description:  mount / from exec /bin/sh -c make root\n');
    expect(text).toContain('Last used:    never\n');
  });
});
