import { describe, expect, it } from 'vitest';
import type { SkaffoldImportReport } from '../../../shared/artifacts.js';
import { importSummary } from './skaffold-words.js';

const report = (r: Partial<SkaffoldImportReport>): SkaffoldImportReport => ({
  file: '/root/.skaffold/cache',
  imported: 0,
  updated: 0,
  conflicts: 0,
  entries: [],
  ...r,
});

describe('importSummary', () => {
  it('says how many entries came in, were refreshed or left alone', () => {
    expect(importSummary(report({ imported: 3 }))).toBe(
      'Imported 3 entries from /root/.skaffold/cache.',
    );
    expect(importSummary(report({ imported: 1, updated: 2, conflicts: 1 }))).toBe(
      'Imported 1 entry from /root/.skaffold/cache (2 entries refreshed, 1 hash already Hangar keys, left alone).',
    );
    expect(importSummary(report({ updated: 1 }))).toBe(
      'No new entries in /root/.skaffold/cache (1 entry refreshed).',
    );
  });
});
