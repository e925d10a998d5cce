/**
 * Where a build's cache broke, in words. Compared with the previous build of the same artifact,
 * the first Dockerfile step that missed now (a `FROM` is never reported from the cache, so it is
 * passed over) is where it broke; the reason is the lookup's own input diff, the input that step
 * reads named first: a COPY/ADD reads files, any step may read a build arg, every step reads the
 * Dockerfile. `nocache (HIT_TOO_OLD)` when the build bypassed the cache, and `the builder's cache
 * was pruned` when every step missed although no input changed.
 */
import type { ChangedInput } from '../../../shared/artifacts.js';
import type { BuildStepRecord } from '../../../shared/builds.js';

export interface CacheBrokeInput {
  steps: readonly BuildStepRecord[];
  /** The previous build of the artifact, or null for its first build. */
  previous: { steps: readonly BuildStepRecord[] } | null;
  nocache: boolean;
  changedInputs: readonly ChangedInput[];
}

const FROM = /^\[[^\]]*\] FROM /i;
const COPIES = /^\[[^\]]*\] (COPY|ADD) /i;

function files(changes: readonly ChangedInput[]): string | null {
  const f = changes.filter((c) => c.kind === 'file');
  const first = f[0];
  if (!first) return null;
  const verb = first.change === 'modified' ? 'changed' : first.change;
  const more = f.length - 1;
  return `${first.name} ${verb}${more > 0 ? ` (and ${more} more file${more === 1 ? '' : 's'})` : ''}`;
}

function args(changes: readonly ChangedInput[]): string | null {
  const a = changes.filter((c) => c.kind === 'buildArg').map((c) => c.name);
  if (a.length === 0) return null;
  return a.length === 1 ? `build arg ${a[0]} changed` : `build args ${a.join(', ')} changed`;
}

function reason(step: BuildStepRecord, input: CacheBrokeInput, allMissed: boolean): string {
  const c = input.changedInputs;
  if (c.some((i) => i.kind === 'dockerfile')) return 'the Dockerfile changed';
  const f = files(c);
  const a = args(c);
  const config = c.filter((i) => i.kind === 'config').map((i) => i.name);
  const first = COPIES.test(step.name) ? (f ?? a) : (a ?? f);
  if (first) return first;
  if (config.length > 0) return `${config.join(', ')} changed`;
  return allMissed ? "the builder's cache was pruned" : 'no input Hangar hashes changed';
}

export function cacheBrokeAt(input: CacheBrokeInput): string | null {
  if (input.nocache) return 'nocache (HIT_TOO_OLD)';
  if (input.previous === null) return null;
  const own = input.steps.filter((s) => s.dockerfile && !FROM.test(s.name));
  const broke = own.find((s) => !s.cached);
  if (!broke) return null;
  const allMissed = own.every((s) => !s.cached);
  return `cache broke at ${broke.name} — ${reason(broke, input, allMissed)}`;
}
