import { describe, expect, it } from 'vitest';
import { describeOptions, EMPTY_PRUNE_FORM, pruneOptionsOf, splitLabels } from './prune-form.js';

const NOW = Date.UTC(2026, 0, 31, 12);

describe('pruneOptionsOf', () => {
  it('turns an empty form into the bare mode', () => {
    expect(pruneOptionsOf(EMPTY_PRUNE_FORM, NOW)).toEqual({
      ok: true,
      options: { mode: 'dangling' },
    });
  });

  it('keeps an age and label filters, trimmed and split', () => {
    const result = pruneOptionsOf(
      { mode: 'unused', until: ' 24h ', labels: 'team=web, tier', notLabels: 'keep\nlocked=yes' },
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      options: {
        mode: 'unused',
        until: '24h',
        labels: ['team=web', 'tier'],
        notLabels: ['keep', 'locked=yes'],
      },
    });
  });

  it('says which field is wrong, and why', () => {
    const result = pruneOptionsOf(
      { mode: 'dangling', until: '3 days', labels: '=web', notLabels: 'a b' },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.until).toMatch(/^“3 days” is not an age or a time\. Use a duration/);
    expect(result.errors.labels).toBe('“=web” is not a label filter: use key or key=value.');
    expect(result.errors.notLabels).toContain('“a b”');
  });

  it('refuses a time in the future', () => {
    const result = pruneOptionsOf({ ...EMPTY_PRUNE_FORM, until: '2027-01-01' }, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.until).toMatch(/in the future/);
  });

  it('caps the number of label filters like the core does', () => {
    const many = Array.from({ length: 33 }, (_, i) => `k${i}`).join(',');
    const result = pruneOptionsOf({ ...EMPTY_PRUNE_FORM, labels: many }, NOW);
    expect(result.ok).toBe(false);
  });
});

describe('splitLabels and describeOptions', () => {
  it('drops blanks', () => {
    expect(splitLabels(' , a=1,,\n b ')).toEqual(['a=1', 'b']);
  });

  it('says what the options choose', () => {
    expect(
      describeOptions({ mode: 'unused', until: '7d', labels: ['team=web'] }, 'All unused'),
    ).toBe('All unused, created before 7d ago, label team=web');
    expect(describeOptions({ mode: 'dangling', until: '2026-01-01T00:00:00Z' }, 'Dangling')).toBe(
      'Dangling, created before 2026-01-01T00:00:00Z',
    );
  });
});
