/**
 * The `-t NAME[:TAG]` of `hangar build`: the artifact is the repository, in familiar form (as the
 * engine lists it, so that an artifact's tags compare equal to the index's `repoTags`).
 */
import { HangarError } from '../../../shared/errors.js';
import { isRepositoryName, isTaggedReference } from '../../../shared/reference.js';
import { DEFAULT_TAG, familiarRef, splitReference } from '../../../shared/reference-names.js';

/** The artifact name and the tag the image also gets: `NAME:TAG` (`latest` when none is given). */
export function parseBuildTag(ref: string): { name: string; tag: string } {
  const { repository, tag, digest } = splitReference(ref.trim());
  const name = familiarRef(repository);
  const tagged = `${name}:${tag ?? DEFAULT_TAG}`;
  if (digest !== null || !isRepositoryName(name) || !isTaggedReference(tagged)) {
    throw new HangarError(
      'INVALID_REFERENCE',
      `'${ref}' is not an image name: use lowercase letters, digits and . _ - /, optionally :tag (app, app:dev, localhost:5000/team/api:1).`,
    );
  }
  return { name, tag: tagged };
}
