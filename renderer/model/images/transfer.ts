/**
 * Save… and Load… in words: which names a save of the selected images asks for (every tag, so
 * the archive brings them back; the id of an untagged image), and what a load brought.
 */
import type { LoadResult } from '../../../shared/actions.js';
import type { ImageRecord } from '../../../shared/model.js';
import { plural } from '../../lib/format.js';

/** The names `docker save` is asked for: each image's tags, or its id when it has none. */
export function saveNames(images: readonly ImageRecord[]): string[] {
  const names = new Set<string>();
  for (const image of images) {
    if (image.repoTags.length === 0) names.add(image.id);
    for (const tag of image.repoTags) names.add(tag);
  }
  return [...names];
}

/** One line on what a load brought. */
export function loadSummary(result: LoadResult): string {
  const parts: string[] = [];
  if (result.tags.length > 0)
    parts.push(`${plural(result.tags.length, 'tag')}: ${result.tags.join(', ')}`);
  if (result.ids.length > 0)
    parts.push(`${plural(result.ids.length, 'untagged image')}: ${result.ids.join(', ')}`);
  return parts.length === 0 ? 'The archive held no image.' : `Loaded ${parts.join('; ')}.`;
}
