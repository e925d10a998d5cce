/**
 * The keep-under policy's decision, pure: off, within the limit, or a prune with `keepStorage` at
 * the limit (least recently used first, every reclaimable type), and the words shown with it.
 */
import type { BuildCachePolicy, BuildCachePruneOptions } from '../../../shared/build-cache.js';

/** How often the policy is checked while the app or `hangar web` runs (besides after builds). */
export const POLICY_EVERY_MS = 3_600_000;

export const POLICY_CHECKED_WHEN =
  "Checked after each of Hangar's builds and hourly while the app or `hangar web` runs; one-shot " +
  'CLI commands do not check it.';

export const DAEMON_GC_WORDS =
  "The daemon's own garbage collection (`builder.gc` in daemon.json: `enabled`, `defaultKeepStorage`) " +
  'keeps the cache in bounds whenever the daemon runs, whichever tool builds; where the daemon runs ' +
  'all the time it is the better home for a size limit. On Docker 20.10 it is off unless daemon.json ' +
  'enables it.';

export type PolicyDecision =
  { act: false; outcome: 'off' | 'within' } | { act: true; options: BuildCachePruneOptions };

export function policyDecision(policy: BuildCachePolicy, totalBytes: number): PolicyDecision {
  const limit = policy.keepUnderBytes;
  if (limit === null) return { act: false, outcome: 'off' };
  if (totalBytes <= limit) return { act: false, outcome: 'within' };
  return { act: true, options: { all: true, keepStorage: limit } };
}
