/**
 * The cache policy in words: sizes as typed (`10 GB`, `500MB`, `1.5GiB`), why an entry is evicted,
 * what happens to its image, and what an applied eviction did. Pure functions, no DOM.
 */
import type { EvictAction, EvictReason, PolicyReport } from '../../../shared/artifacts.js';
import { formatBytes, plural } from '../../lib/format.js';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `10 GB` → 10,000,000,000 (SI like docker prints; `GiB` for powers of two); empty → null. */
export function parseSize(
  text: string,
): { ok: true; bytes: number | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: true, bytes: null };
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(t);
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    return { ok: false, error: `“${t}” is not a size: write it like 10 GB, 500 MB or 2 GiB.` };
  }
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) return { ok: false, error: `${t} is too large.` };
  return { ok: true, bytes };
}

export function reasonText(reason: EvictReason): string {
  switch (reason) {
    case 'requested':
      return 'asked for';
    case 'image-missing':
      return 'its image is gone';
    case 'expired':
      return 'older than its TTL';
    case 'lru':
      return 'least recently hit, over the size limit';
  }
}

/** What happens (preview) or happened (applied) to an evicted entry's image. */
export function imageText(action: EvictAction): string {
  if (action.outcome === 'evicted+image-removed') return 'image removed';
  if (action.outcome === 'failed') return `failed: ${action.error ?? 'unknown error'}`;
  if (action.error) return action.error;
  const applied = action.outcome !== null;
  switch (action.image) {
    case 'remove':
      return applied ? 'image removed' : 'removes the image';
    case 'keep': {
      const why = action.note ? ` (${action.note})` : '';
      return applied ? `image kept${why}` : `keeps the image${why}`;
    }
    case 'none':
      return action.note ?? 'no image to remove';
  }
}

/** One line for a policy report: `Evicts 3 entries, frees 120 MB (450 MB → 330 MB).` */
export function policySummary(report: PolicyReport): string {
  const n = report.actions.length;
  if (report.preview) {
    if (n === 0) {
      return report.skipped.length > 0
        ? 'Nothing to evict: the entries over the limits are pinned.'
        : 'Nothing to evict: every entry is within the limits.';
    }
    return `Evicts ${plural(n, 'entry', 'entries')}; frees ${formatBytes(report.reclaimedBytes)} of images (cache ${formatBytes(report.sizeBefore)} → ${formatBytes(report.sizeAfter)}).`;
  }
  const failed = report.actions.filter((a) => a.outcome === 'failed').length;
  const removed = report.actions.filter((a) => a.outcome === 'evicted+image-removed').length;
  const parts = [`Evicted ${plural(n - failed, 'entry', 'entries')}`];
  if (removed > 0) parts.push(`removed ${plural(removed, 'image')}`);
  parts.push(`freed ${formatBytes(report.reclaimedBytes)}`);
  if (failed > 0) parts.push(`${plural(failed, 'entry', 'entries')} failed`);
  return `${parts.join(', ')}.`;
}
