/** A skaffold import in words. Pure functions, no DOM. */
import type { SkaffoldEntryStatus, SkaffoldImportReport } from '../../../shared/artifacts.js';
import { plural } from '../../lib/format.js';

export const SKAFFOLD_STATUS_WORDS: Record<SkaffoldEntryStatus, string> = {
  present: 'image present',
  'digest-known': 'digest known, no local image',
  missing: 'missing',
};

/** `Imported 3 entries from /root/.skaffold/cache (1 entry refreshed).` */
export function importSummary(r: SkaffoldImportReport): string {
  const extra: string[] = [];
  if (r.updated > 0) extra.push(`${plural(r.updated, 'entry', 'entries')} refreshed`);
  if (r.conflicts > 0) {
    extra.push(`${plural(r.conflicts, 'hash', 'hashes')} already Hangar keys, left alone`);
  }
  const head =
    r.imported === 0
      ? `No new entries in ${r.file}`
      : `Imported ${plural(r.imported, 'entry', 'entries')} from ${r.file}`;
  return `${head}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}.`;
}
