/**
 * What evicting one entry will do, in words, for the confirm: the entry is dropped, and its image
 * is kept or removed by the same rules the core applies (an image a container uses, another entry
 * points to, or someone else tagged is never removed; Hangar only untags its own names). The one
 * thing the renderer cannot tell is who put a tag other than `NAME:<key>` on the image, so such
 * tags are named with both outcomes. Pure functions, no DOM.
 */
import type { CacheEntry } from '../../../shared/artifacts.js';
import { formatBytes, shortId } from '../../lib/format.js';

export type ImageFate = 'none' | 'keep' | 'remove' | 'depends';

export interface EvictionPlan {
  /** What happens to the entry. */
  entry: string;
  fate: ImageFate;
  /** What happens to its image. */
  image: string;
  /** The "also remove the image" choice has a meaning here. */
  canRemoveImage: boolean;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

export function planEviction(
  entry: CacheEntry,
  all: readonly CacheEntry[],
  removeImages: boolean,
): EvictionPlan {
  const key = entry.key.slice(0, 12);
  const pinned = entry.pinned ? ' It is pinned, which only protects it from the policy.' : '';
  const entryText =
    entry.source === 'skaffold'
      ? `Forgets skaffold’s entry ${key} (${entry.artifact}); skaffold’s own cache file is left as it is.${pinned}`
      : `Drops the cache entry ${key} of ${entry.artifact}: the next build of these inputs is a MISS and builds again.${pinned}`;
  const base = { entry: entryText };

  const present = entry.imageId !== null && (entry.state === 'present' || entry.state === 'stale');
  if (!present || entry.imageId === null) {
    const image =
      entry.state === 'unknown'
        ? 'The engine cannot be reached: the image is not touched.'
        : 'Its image is already gone from the engine: nothing else changes.';
    return { ...base, fate: 'none', image, canRemoveImage: false };
  }
  const id = shortId(entry.imageId);
  const size = formatBytes(entry.size);
  if (!removeImages) {
    return {
      ...base,
      fate: 'keep',
      image: `The image ${id} (${size}) stays on the engine with its tags.`,
      canRemoveImage: true,
    };
  }
  if (entry.inUseBy.length > 0) {
    const who = entry.inUseBy.length === 1 ? 'container' : 'containers';
    return {
      ...base,
      fate: 'keep',
      image: `The image ${id} stays: ${who} ${list(entry.inUseBy)} ${entry.inUseBy.length === 1 ? 'uses' : 'use'} it, and Hangar never removes an image a container uses.`,
      canRemoveImage: true,
    };
  }
  const sharer = all.find((e) => e.key !== entry.key && e.imageId === entry.imageId);
  if (sharer) {
    return {
      ...base,
      fate: 'keep',
      image: `The image ${id} stays: entry ${sharer.key.slice(0, 12)} (${sharer.artifact}) also points to it.`,
      canRemoveImage: true,
    };
  }
  const cacheTag = `${entry.artifact}:${entry.key}`;
  const cacheTagShort = `${entry.artifact}:${key}…`;
  const others = entry.tags.filter((t) => t !== cacheTag);
  if (entry.source === 'skaffold' && others.length > 0) {
    return {
      ...base,
      fate: 'keep',
      image: `The image ${id} stays: it is tagged ${list(others)}, which Hangar did not put there.`,
      canRemoveImage: true,
    };
  }
  if (others.length > 0) {
    return {
      ...base,
      fate: 'depends',
      image: `Hangar untags ${entry.tags.includes(cacheTag) ? `${cacheTagShort}, and ` : ''}${list(others)} if a Hangar build put ${others.length === 1 ? 'it' : 'them'} there; the image ${id} (${size}) is removed once no tag is left. A tag another tool added keeps the image.`,
      canRemoveImage: true,
    };
  }
  return {
    ...base,
    fate: 'remove',
    image:
      entry.tags.length > 0
        ? `The image ${id} (${size}) and its tag ${cacheTagShort} are removed from the engine.`
        : `The image ${id} (${size}) is removed from the engine.`,
    canRemoveImage: true,
  };
}
