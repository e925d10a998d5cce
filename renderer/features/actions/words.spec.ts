import { describe, expect, it } from 'vitest';
import type { PruneReport } from '../../../shared/actions.js';
import {
  pruneConfirmLabel,
  pruneReportHeadline,
  readPruneStatus,
  removeConfirmLabel,
} from './words.js';

const report = (over: Partial<PruneReport> = {}): PruneReport => ({
  previewId: 'p',
  mode: 'dangling',
  deleted: [],
  untagged: [],
  skipped: [],
  failed: [],
  reclaimedBytes: 0,
  ...over,
});

describe('confirm labels', () => {
  it('names the count and the bytes of a prune', () => {
    expect(pruneConfirmLabel(37, 1_234_000_000)).toBe('Delete 37 images, 1.23 GB');
    expect(pruneConfirmLabel(1, 512)).toBe('Delete 1 image, 512 B');
    expect(pruneConfirmLabel(1200, 5e6)).toBe('Delete 1,200 images, 5 MB');
  });

  it('refuses to promise a delete of nothing', () => {
    expect(pruneConfirmLabel(0, 0)).toBe('Nothing to delete');
    expect(removeConfirmLabel(0, true)).toBe('Nothing to remove');
  });

  it('says when a remove is forced', () => {
    expect(removeConfirmLabel(3, false)).toBe('Remove 3 images');
    expect(removeConfirmLabel(1, true)).toBe('Force-remove 1 image');
  });
});

describe('prune statuses and reports', () => {
  it('reads each status a prune task reports', () => {
    expect(readPruneStatus('waiting')).toEqual({ kind: 'waiting', reason: '' });
    expect(readPruneStatus('deleting')).toEqual({ kind: 'deleting', reason: '' });
    expect(readPruneStatus('deleted')).toEqual({ kind: 'deleted', reason: '' });
    expect(readPruneStatus('skipped: used by container web-1 (running)')).toEqual({
      kind: 'skipped',
      reason: 'used by container web-1 (running)',
    });
    expect(readPruneStatus('untagged only: conflict: image is in use')).toEqual({
      kind: 'untagged',
      reason: 'conflict: image is in use',
    });
    expect(readPruneStatus('failed: no such image: a:b')).toEqual({
      kind: 'failed',
      reason: 'no such image: a:b',
    });
  });

  it('heads a report with what happened, and a cancelled one with how far it got', () => {
    expect(pruneReportHeadline(report({ deleted: ['a', 'b'] }), false)).toBe('Deleted 2 images');
    expect(
      pruneReportHeadline(
        report({
          deleted: ['a'],
          skipped: [{ id: 'b', tags: [], reason: 'in use', containers: ['w'] }],
          failed: [{ id: 'c', error: 'boom', code: 'INTERNAL' }],
        }),
        false,
      ),
    ).toBe('Deleted 1 image; 1 skipped, 1 failed');
    expect(pruneReportHeadline(report({ deleted: ['a'] }), true)).toBe(
      'Cancelled after deleting 1 image',
    );
  });
});
