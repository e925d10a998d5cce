import { describe, expect, it } from 'vitest';
import type { EvictAction, PolicyReport } from '../../../shared/artifacts.js';
import { imageText, parseSize, policySummary, reasonText } from './policy-words.js';

const action = (a: Partial<EvictAction>): EvictAction => ({
  key: 'k'.repeat(64),
  artifact: 'app',
  imageId: `sha256:${'a'.repeat(64)}`,
  size: 1_000_000,
  reason: 'lru',
  image: 'remove',
  note: null,
  outcome: null,
  error: null,
  ...a,
});

const report = (r: Partial<PolicyReport>): PolicyReport => ({
  preview: true,
  maxSizeBytes: 1,
  ttlHours: null,
  actions: [],
  skipped: [],
  sizeBefore: 3_000_000,
  sizeAfter: 1_000_000,
  reclaimedBytes: 2_000_000,
  ...r,
});

describe('parseSize', () => {
  it('reads SI and binary units, with or without a space, any case', () => {
    expect(parseSize('10 GB')).toEqual({ ok: true, bytes: 10_000_000_000 });
    expect(parseSize('500mb')).toEqual({ ok: true, bytes: 500_000_000 });
    expect(parseSize('1.5G')).toEqual({ ok: true, bytes: 1_500_000_000 });
    expect(parseSize('2 GiB')).toEqual({ ok: true, bytes: 2 * 1024 ** 3 });
    expect(parseSize('123')).toEqual({ ok: true, bytes: 123 });
    expect(parseSize('  ')).toEqual({ ok: true, bytes: null });
  });

  it('refuses what is not a size, and what is too large', () => {
    expect(parseSize('ten GB')).toEqual({
      ok: false,
      error: '“ten GB” is not a size: write it like 10 GB, 500 MB or 2 GiB.',
    });
    expect(parseSize('5 parsecs').ok).toBe(false);
    expect(parseSize('-1 GB').ok).toBe(false);
    expect(parseSize('99999999 TB').ok).toBe(false);
  });
});

describe('reasonText and imageText', () => {
  it('says why an entry goes', () => {
    expect(reasonText('image-missing')).toBe('its image is gone');
    expect(reasonText('expired')).toBe('older than its TTL');
    expect(reasonText('lru')).toBe('least recently hit, over the size limit');
    expect(reasonText('requested')).toBe('asked for');
  });

  it('says what happens to the image in a preview, and what happened after', () => {
    expect(imageText(action({}))).toBe('removes the image');
    expect(imageText(action({ image: 'keep', note: 'used by web-1' }))).toBe(
      'keeps the image (used by web-1)',
    );
    expect(imageText(action({ image: 'keep', outcome: 'evicted' }))).toBe('image kept');
    expect(imageText(action({ outcome: 'evicted+image-removed' }))).toBe('image removed');
    expect(imageText(action({ outcome: 'evicted', error: 'the image was kept: conflict' }))).toBe(
      'the image was kept: conflict',
    );
    expect(imageText(action({ outcome: 'failed', error: 'disk I/O error' }))).toBe(
      'failed: disk I/O error',
    );
    expect(imageText(action({ image: 'none' }))).toBe('no image to remove');
  });
});

describe('policySummary', () => {
  it('sums up a preview', () => {
    expect(policySummary(report({ actions: [action({}), action({ key: 'x'.repeat(64) })] }))).toBe(
      'Evicts 2 entries; frees 2 MB of images (cache 3 MB → 1 MB).',
    );
    expect(policySummary(report({}))).toBe('Nothing to evict: every entry is within the limits.');
    expect(
      policySummary(report({ skipped: [{ key: 'k', artifact: 'app', reason: 'pinned' }] })),
    ).toBe('Nothing to evict: the entries over the limits are pinned.');
  });

  it('sums up what was applied, failures included', () => {
    expect(
      policySummary(
        report({
          preview: false,
          actions: [
            action({ outcome: 'evicted+image-removed' }),
            action({ outcome: 'evicted', image: 'keep' }),
            action({ outcome: 'failed', error: 'locked' }),
          ],
          reclaimedBytes: 1_000_000,
        }),
      ),
    ).toBe('Evicted 2 entries, removed 1 image, freed 1 MB, 1 entry failed.');
  });
});
