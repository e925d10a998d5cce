/** `REGISTRY/REPO[/NAMESPACE]` locations and `…:KEY` / `…@sha256:` references of a cache level. */
import { HangarError } from '../../../shared/errors.js';
import { splitReference } from '../../../shared/reference-names.js';

export interface CacheLocation {
  registry: string;
  repository: string;
}

export interface CacheRef extends CacheLocation {
  /** A tag or a `sha256:` digest. */
  reference: string;
  isDigest: boolean;
}

export function parseCacheLocation(location: string): CacheLocation {
  const slash = location.indexOf('/');
  const registry = slash > 0 ? location.slice(0, slash) : '';
  const repository = slash > 0 ? location.slice(slash + 1) : '';
  if (!registry || !repository) {
    throw new HangarError(
      'VALIDATION',
      `'${location}' is not REGISTRY/REPO[/NAMESPACE] (e.g. localhost:5000/team/cache).`,
    );
  }
  return { registry, repository };
}

export function parseCacheRef(ref: string): CacheRef {
  const { repository, tag, digest } = splitReference(ref);
  if (digest !== null) {
    return { ...parseCacheLocation(repository), reference: digest, isDigest: true };
  }
  if (tag === null) {
    throw new HangarError(
      'VALIDATION',
      `'${ref}' names no key: write REGISTRY/REPO/NAMESPACE:KEY.`,
    );
  }
  return { ...parseCacheLocation(repository), reference: tag, isDigest: false };
}
