import { describe, expect, it } from 'vitest';
import { historySchemas } from './channels/history.js';
import { NO_HISTORY_FILTERS, parseFtlFile, sinceWords, streakWords } from './history.js';

const at = (iso: string) => Date.parse(iso);

describe('since words', () => {
  const now = at('2026-01-08T15:00:00Z'); // a Thursday
  it('says today, yesterday, a weekday, then a date', () => {
    expect(sinceWords(at('2026-01-08T09:05:00Z'), now, 'UTC')).toBe('today at 09:05');
    expect(sinceWords(at('2026-01-07T23:00:00Z'), now, 'UTC')).toBe('yesterday');
    expect(sinceWords(at('2026-01-06T10:00:00Z'), now, 'UTC')).toBe('Tuesday');
    expect(sinceWords(at('2025-12-30T10:00:00Z'), now, 'UTC')).toBe('Dec 30, 2025');
    expect(sinceWords(at('2026-01-01T10:00:00Z'), now, 'UTC')).toBe('Jan 1');
  });

  it('judges days in the given zone', () => {
    // 23:00 UTC on Jan 7 is 08:00 on Jan 8 in Tokyo: today there (it is 23:00), yesterday in UTC.
    const late = at('2026-01-08T14:00:00Z');
    expect(sinceWords(at('2026-01-07T23:00:00Z'), late, 'Asia/Tokyo')).toBe('today at 08:00');
    expect(sinceWords(at('2026-01-07T23:00:00Z'), late, 'UTC')).toBe('yesterday');
  });

  it('tells a miss streak', () => {
    expect(
      streakWords(
        {
          misses: 3,
          since: at('2026-01-06T10:00:00Z'),
          reason: 'inputs changed: Dockerfile',
          key: 'k',
        },
        now,
        'UTC',
      ),
    ).toBe('missing since Tuesday: inputs changed: Dockerfile (3 misses)');
    expect(streakWords({ misses: 1, since: now, reason: null, key: 'k' }, now, 'UTC')).toBe(
      'missing since today at 15:00',
    );
  });
});

describe('FTL files', () => {
  it('reads a well-formed file, ignoring extra fields', () => {
    const text = JSON.stringify({
      cacheStats: [
        { type: 'docker_layer_cache', level: 'global', hash: 'abc', status: 'HIT', extra: 1 },
      ],
      builder: 'ftl',
    });
    expect(parseFtlFile('f.json', text)).toEqual({
      ok: true,
      stats: [{ type: 'docker_layer_cache', level: 'global', hash: 'abc', status: 'HIT' }],
    });
  });

  it('names the first bad entry', () => {
    const text = JSON.stringify({
      cacheStats: [
        { type: 'docker_layer_cache', level: 'global', hash: 'abc', status: 'HIT' },
        { type: 'docker_layer_cache', level: 'global', hash: '', status: 'MISS' },
        { type: 'docker_layer_cache', level: 'nowhere', hash: 'x', status: 'MISS' },
      ],
    });
    expect(parseFtlFile('b.json', text)).toEqual({
      ok: false,
      error: 'b.json: entry 2 (cacheStats[1]): hash must be 1 to 256 letters, digits or . _ : -',
    });
  });
});

describe('history channel schemas', () => {
  const query = { ...NO_HISTORY_FILTERS, limit: 100, cursor: null };
  it('accepts a plain query and refuses a backwards range', () => {
    expect(historySchemas['history:query'].safeParse([query]).success).toBe(true);
    const r = historySchemas['history:query'].safeParse([{ ...query, from: 10, to: 5 }]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/ends before it starts/);
  });

  it('refuses an unknown time zone and a repeated status', () => {
    const stats = { ...NO_HISTORY_FILTERS, bucket: 'day', timeZone: 'Mars/Base', weekStartsOn: 1 };
    expect(historySchemas['history:stats'].safeParse([stats]).error?.issues[0]?.message).toMatch(
      /not a known time zone/,
    );
    expect(
      historySchemas['history:stats'].safeParse([{ ...stats, timeZone: '+05:30' }]).success,
    ).toBe(true);
    expect(
      historySchemas['history:query'].safeParse([{ ...query, statuses: ['MISS', 'MISS'] }]).error
        ?.issues[0]?.message,
    ).toBe('A status is named twice.');
  });

  it('keeps retention limits sensible', () => {
    const set = historySchemas['history:setSettings'];
    expect(set.safeParse([{ retentionDays: 30, maxRows: null }]).success).toBe(true);
    expect(set.safeParse([{ retentionDays: 0, maxRows: null }]).error?.issues[0]?.message).toMatch(
      /more than 0 days/,
    );
    expect(set.safeParse([{ retentionDays: null, maxRows: 5 }]).error?.issues[0]?.message).toMatch(
      /at least 100/,
    );
  });
});
