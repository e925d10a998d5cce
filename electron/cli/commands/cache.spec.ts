import { describe, expect, it } from 'vitest';
import type { CacheListing, PolicyReport } from '../../../shared/artifacts.js';
import { parseCli } from '../args.js';
import { describePolicy, entriesTable, parseSize } from './cache.js';

describe('hangar cache', () => {
  it('parses the subcommands and their options', () => {
    expect(parseCli(['cache', 'ls', '--json'])).toMatchObject({ cmd: { sub: 'ls', json: true } });
    expect(parseCli(['cache', 'evict', 'abc1', 'def2', '--remove-images'])).toMatchObject({
      cmd: { sub: 'evict', keys: ['abc1', 'def2'], removeImages: true },
    });
    expect(
      parseCli(['cache', 'enforce', '--max-size', '10GB', '--ttl', '48', '--dry-run']),
    ).toMatchObject({
      cmd: { sub: 'enforce', maxSizeBytes: 10e9, ttlHours: 48, dryRun: true, removeImages: false },
    });
    expect(parseCli(['cache', 'import-skaffold'])).toMatchObject({
      cmd: { sub: 'import-skaffold', file: null },
    });
    expect(parseCli(['cache', 'import-skaffold', '/f'])).toMatchObject({ cmd: { file: '/f' } });
  });

  it('refuses unknown subcommands, stray arguments and options of another subcommand', () => {
    expect(() => parseCli(['cache'])).toThrow('cache needs a subcommand');
    expect(() => parseCli(['cache', 'rm'])).toThrow("unknown cache subcommand 'rm'");
    expect(() => parseCli(['cache', 'ls', '--ttl', '3'])).toThrow("'cache ls' does not take --ttl");
    expect(() => parseCli(['cache', 'evict'])).toThrow('cache evict needs at least one KEY');
    expect(() => parseCli(['cache', 'ls', 'x'])).toThrow("unexpected argument 'x'");
  });

  it('reads sizes like docker shows them', () => {
    expect(parseSize('10GB')).toBe(10_000_000_000);
    expect(parseSize('1.5 gib')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('512MiB')).toBe(512 * 1024 ** 2);
    expect(parseSize('1000')).toBe(1000);
    expect(() => parseSize('10 parsecs')).toThrow(/--max-size is a size such as 10GB/);
    expect(() => parseSize('-1GB')).toThrow(/--max-size/);
  });

  it('lists entries with state, source and where the store is', () => {
    const listing: CacheListing = {
      entries: [
        {
          key: 'abcdef0123456789'.repeat(4),
          source: 'hangar',
          artifact: 'app',
          imageId: 'sha256:x',
          digest: null,
          tags: ['app:dev'],
          size: 1_234_000,
          created: 3_600_000,
          storedAt: 3_600_000,
          lastHitAt: null,
          hitCount: 0,
          pinned: true,
          engine: null,
          state: 'present',
          inUseBy: [],
          ttlHours: null,
        },
      ],
      totals: { entries: 1, size: 1_234_000, pinned: 1, missing: 0 },
      settings: { ttlHours: null, maxSizeBytes: 10e9 },
      storeFile: '/h/hangar.db',
    };
    const text = entriesTable(listing, 2 * 3_600_000);
    expect(text).toMatch(/^KEY\s+ARTIFACT\s+STATUS\s+SOURCE\s+SIZE\s+CREATED\s+LAST HIT\s+HITS$/m);
    expect(text).toMatch(
      /^abcdef012345\s+app\s+present, pinned\s+hangar\s+1\.23MB\s+About an hour ago\s+never\s+0$/m,
    );
    expect(text).toContain('1 entries, 1.23MB of 10GB, 1 pinned; store: /h/hangar.db');
  });

  it('describes a policy preview', () => {
    const report: PolicyReport = {
      preview: true,
      maxSizeBytes: 1e9,
      ttlHours: 24,
      actions: [
        {
          key: 'a'.repeat(64),
          artifact: 'app',
          imageId: 'sha256:x',
          size: 5e8,
          reason: 'lru',
          image: 'remove',
          note: null,
          outcome: null,
          error: null,
        },
        {
          key: 'b'.repeat(64),
          artifact: 'web',
          imageId: 'sha256:y',
          size: 1,
          reason: 'expired',
          image: 'keep',
          note: 'used by web-1',
          outcome: null,
          error: null,
        },
      ],
      skipped: [{ key: 'c'.repeat(64), artifact: 'db', reason: 'pinned (over the size limit)' }],
      sizeBefore: 2e9,
      sizeAfter: 1.5e9,
      reclaimedBytes: 5e8,
    };
    expect(describePolicy(report)).toBe(
      'Would evict 2 entries (dry run):\n' +
        '  aaaaaaaaaaaa  app  lru  image to remove\n' +
        '  bbbbbbbbbbbb  web  expired  image kept: used by web-1\n' +
        '  cccccccccccc  db  skipped: pinned (over the size limit)\n' +
        'Cache: 2GB → 1.5GB (limit 1GB, TTL 24 h); images to reclaim: 500MB\n',
    );
  });
});
