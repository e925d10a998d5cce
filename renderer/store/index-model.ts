/**
 * The renderer's copy of the image index and how deltas move it forward. A delta applies only on
 * top of the version just before it: older ones are already included and are ignored, and a jump
 * means something was lost on the way, so the caller must fetch a fresh snapshot.
 * Pure functions: the maps they return are new, the records in them are shared.
 */
import type { ImageRecord, IndexDelta, IndexSnapshot } from '../../shared/model.js';

export type ImageMap = ReadonlyMap<string, ImageRecord>;

export interface IndexCopy {
  version: number;
  images: ImageMap;
}

export type DeltaOutcome =
  | { kind: 'applied'; index: IndexCopy }
  /** Already included (version <= current). */
  | { kind: 'ignored' }
  /** One or more deltas between the current version and this one never arrived. */
  | { kind: 'gap'; expected: number; received: number };

export function fromSnapshot(snapshot: IndexSnapshot): IndexCopy {
  return {
    version: snapshot.version,
    images: new Map(snapshot.images.map((image) => [image.id, image])),
  };
}

export function applyDelta(index: IndexCopy, delta: IndexDelta): DeltaOutcome {
  if (delta.version <= index.version) return { kind: 'ignored' };
  if (delta.version !== index.version + 1) {
    return { kind: 'gap', expected: index.version + 1, received: delta.version };
  }
  const images = new Map(index.images);
  for (const id of delta.removals) images.delete(id);
  for (const image of delta.upserts) images.set(image.id, image);
  return { kind: 'applied', index: { version: delta.version, images } };
}

export type DeltasOutcome =
  | { kind: 'ok'; index: IndexCopy }
  | { kind: 'gap'; index: IndexCopy; expected: number; received: number };

/**
 * Applies deltas that may have arrived out of order or twice (e.g. buffered while a snapshot was
 * on its way): sorted by version, duplicates and old ones skipped. Stops at the first gap and
 * returns what it had applied so far.
 */
export function applyDeltas(index: IndexCopy, deltas: readonly IndexDelta[]): DeltasOutcome {
  const sorted = [...deltas].sort((a, b) => a.version - b.version);
  let current = index;
  for (const delta of sorted) {
    const outcome = applyDelta(current, delta);
    if (outcome.kind === 'gap') {
      return {
        kind: 'gap',
        index: current,
        expected: outcome.expected,
        received: outcome.received,
      };
    }
    if (outcome.kind === 'applied') current = outcome.index;
  }
  return { kind: 'ok', index: current };
}

/** One function of one argument, remembered for the last argument (by identity). */
export function memoizeOne<A, R>(fn: (arg: A) => R): (arg: A) => R {
  let last: { arg: A; result: R } | null = null;
  return (arg: A) => {
    if (last && Object.is(last.arg, arg)) return last.result;
    const result = fn(arg);
    last = { arg, result };
    return result;
  };
}
