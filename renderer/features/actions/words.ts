/**
 * The image actions in words: confirm-button labels that name what will happen ("Delete 37
 * images, 1.2 GB") and prune outcomes (errors: `model/errors.ts`). Pure functions, no DOM.
 */
import type { PruneMode, PruneReport } from '../../../shared/actions.js';
import { formatBytes, formatCount, plural } from '../../lib/format.js';

/** The prune dialog's confirm button: `Delete 37 images, 1.2 GB`. */
export function pruneConfirmLabel(count: number, bytes: number): string {
  if (count === 0) return 'Nothing to delete';
  return `Delete ${plural(count, 'image')}, ${formatBytes(bytes)}`;
}

/** The remove dialog's confirm button: `Remove 3 images`, `Force-remove 1 image`. */
export function removeConfirmLabel(count: number, force: boolean): string {
  if (count === 0) return 'Nothing to remove';
  return `${force ? 'Force-remove' : 'Remove'} ${plural(count, 'image')}`;
}

/** One sentence on what a prune mode deletes, and the docker command that does the same. */
export const PRUNE_MODE_HINTS: Record<PruneMode, { text: string; command: string }> = {
  dangling: {
    text: 'Untagged images that no container uses and no other image builds on.',
    command: 'docker image prune',
  },
  unused: {
    text: 'Every image no container uses, tagged ones too.',
    command: 'docker image prune -a',
  },
};

/** The warning shown with "All unused". */
export const UNUSED_WARNING =
  'This deletes tagged images as well: base images and releases you pulled or built and may want to keep. They come back only by pulling or building them again.';

/** Why the bytes to reclaim are an upper bound. */
export const UPPER_BOUND_NOTE =
  'An upper bound: each byte is counted once along parent chains, but images that share layers otherwise (two pulls of one base) free less. Measure to get a lower bound from Docker.';

export type PruneItemStatus =
  'waiting' | 'deleting' | 'deleted' | 'skipped' | 'untagged' | 'failed';

/**
 * Reads the status a prune task reports for one image (`waiting`, `deleting`, `deleted`,
 * `skipped: used by …`, `untagged only: …`, `failed: …`) into its kind and its reason.
 */
export function readPruneStatus(status: string): { kind: PruneItemStatus; reason: string } {
  const colon = status.indexOf(':');
  const head = (colon === -1 ? status : status.slice(0, colon)).trim().toLowerCase();
  const reason = colon === -1 ? '' : status.slice(colon + 1).trim();
  if (head === 'deleted') return { kind: 'deleted', reason };
  if (head === 'deleting') return { kind: 'deleting', reason };
  if (head === 'skipped') return { kind: 'skipped', reason };
  if (head.startsWith('untagged')) return { kind: 'untagged', reason };
  if (head === 'failed') return { kind: 'failed', reason };
  return { kind: 'waiting', reason };
}

/** `Deleted 35 images; 1 skipped, 2 failed`, or how far a cancelled one got. */
export function pruneReportHeadline(report: PruneReport, cancelled: boolean): string {
  const deleted = plural(report.deleted.length, 'image');
  const head = cancelled ? `Cancelled after deleting ${deleted}` : `Deleted ${deleted}`;
  const rest: string[] = [];
  if (report.untagged.length > 0) rest.push(`${formatCount(report.untagged.length)} untagged only`);
  if (report.skipped.length > 0) rest.push(`${formatCount(report.skipped.length)} skipped`);
  if (report.failed.length > 0) rest.push(`${formatCount(report.failed.length)} failed`);
  return rest.length > 0 ? `${head}; ${rest.join(', ')}` : head;
}
