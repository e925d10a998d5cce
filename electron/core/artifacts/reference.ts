/**
 * Image names as the daemon reports them ("familiar": `docker.io/library/` dropped), so that an
 * artifact's tags compare equal to the index's `repoTags` (docker-api-notes.md §7).
 */
import { REPOSITORY_RE, TAGGED_REFERENCE_RE } from '../../../shared/channels/artifacts.js';
import { HangarError } from '../../../shared/errors.js';

export function familiarRepository(repo: string): string {
  let r = repo;
  const slash = r.indexOf('/');
  const first = slash === -1 ? '' : r.slice(0, slash);
  if (first === 'docker.io' || first === 'index.docker.io') r = r.slice(slash + 1);
  if (r.startsWith('library/') && r.indexOf('/', 'library/'.length) === -1) {
    r = r.slice('library/'.length);
  }
  return r;
}

/** Splits `repo[:tag]` at the tag's colon (a registry port's colon is not one). */
export function splitReference(ref: string): { repository: string; tag: string | null } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: null };
}

/** `app` → `app:latest`; `docker.io/library/app:1` → `app:1`. */
export function familiarTagged(ref: string): string {
  const { repository, tag } = splitReference(ref);
  return `${familiarRepository(repository)}:${tag ?? 'latest'}`;
}

/**
 * The `-t` of `hangar build`: `NAME[:TAG]`. The artifact is the repository; the image is also
 * tagged `NAME:TAG` (`latest` when no tag is given, as `docker build -t` does).
 */
export function parseBuildTag(ref: string): { name: string; tag: string } {
  const { repository, tag } = splitReference(ref.trim());
  const name = familiarRepository(repository);
  const tagged = `${name}:${tag ?? 'latest'}`;
  if (!REPOSITORY_RE.test(name) || !TAGGED_REFERENCE_RE.test(tagged)) {
    throw new HangarError(
      'INVALID_REFERENCE',
      `'${ref}' is not an image name: use lowercase letters, digits and . _ - /, optionally :tag (app, app:dev, localhost:5000/team/api:1).`,
    );
  }
  return { name, tag: tagged };
}
