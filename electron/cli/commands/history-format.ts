/** What `hangar history` prints: the lookup log, stats per bucket and per artifact, in local time. */
import type { HistoryStats, LookupRecord, StatsBucket } from '../../../shared/history.js';
import { sinceWords, streakWords } from '../../../shared/history.js';
import { formatTable } from '../format.js';

/** Formatters per zone and precision: making one costs far more than formatting with it. */
const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formattersFor(zone: string, withSeconds: boolean) {
  const id = `${zone}\0${withSeconds}`;
  let found = formatters.get(id);
  if (found === undefined) {
    found = {
      date: new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }),
      time: new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
        ...(withSeconds ? { second: '2-digit' } : {}),
        hourCycle: 'h23',
      }),
    };
    formatters.set(id, found);
  }
  return found;
}

/** `2026-01-31 14:05:09` in the zone. */
export function localTime(ms: number, zone: string, withSeconds = true): string {
  const { date, time } = formattersFor(zone, withSeconds);
  return `${date.format(ms)} ${time.format(ms)}`;
}

export function percent(rate: number | null): string {
  return rate === null ? '-' : `${Math.round(rate * 100)}%`;
}

export function millis(ms: number | null): string {
  if (ms === null) return '-';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)}s`;
  return ms >= 100 ? `${Math.round(ms)}ms` : `${Math.round(ms * 10) / 10}ms`;
}

export function logTable(records: readonly LookupRecord[], zone: string): string {
  const rows = records.map((r) => [
    localTime(r.at, zone),
    r.artifact,
    r.status,
    r.level,
    r.origin,
    r.origin === 'import' ? '-' : millis(r.durationMs),
    r.key.slice(0, 12),
    r.reason ?? '',
  ]);
  return formatTable(
    ['TIME', 'ARTIFACT', 'STATUS', 'LEVEL', 'ORIGIN', 'TOOK', 'KEY', 'REASON'],
    rows,
  );
}

function bucketLabel(b: StatsBucket, bucket: HistoryStats['bucket'], zone: string): string {
  return bucket === 'hour'
    ? localTime(b.start, zone, false)
    : localTime(b.start, zone).slice(0, 10);
}

export function statsText(s: HistoryStats, now: number): string {
  if (s.buckets.length === 0 || s.totals.lookups === 0)
    return 'No lookups recorded in that range.\n';
  const zone = s.timeZone;
  const head = `Lookups by ${s.bucket} (${zone}), ${localTime(s.from ?? 0, zone, false)} → ${localTime(s.to ?? 0, zone, false)}\n`;
  const buckets = formatTable(
    [s.bucket.toUpperCase(), 'LOOKUPS', 'HIT', 'TOO OLD', 'MISS', 'HIT RATE', 'MEDIAN'],
    s.buckets.map((b) => [
      bucketLabel(b, s.bucket, zone),
      String(b.lookups),
      String(b.hits),
      String(b.tooOld),
      String(b.misses),
      percent(b.hitRate),
      millis(b.medianMs),
    ]),
  );
  const t = s.totals;
  const total = `Total: ${t.lookups} lookups, ${percent(t.hitRate)} hits, ${t.tooOld} too old, ${t.misses} misses, median ${millis(t.medianMs)}\n`;
  const artifacts = formatTable(
    ['ARTIFACT', 'LOOKUPS', 'HIT RATE', 'LAST MISS', 'NOW'],
    s.artifacts.map((a) => [
      a.artifact,
      String(a.lookups),
      percent(a.hitRate),
      a.lastMiss
        ? `${sinceWords(a.lastMiss.at, now, zone)}${a.lastMiss.reason ? `: ${a.lastMiss.reason}` : ''}`
        : '-',
      a.streak ? streakWords(a.streak, now, zone) : 'ok',
    ]),
  );
  const more =
    s.artifactCount > s.artifacts.length
      ? `(${s.artifactCount - s.artifacts.length} more artifacts not shown)\n`
      : '';
  return `${head}\n${buckets}${total}\n${artifacts}${more}`;
}
