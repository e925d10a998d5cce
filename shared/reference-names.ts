/**
 * Names of images as written, listed and shown: the parts of `name[:tag][@digest]` without
 * checking them (`splitReference`), the familiar form Docker lists (`familiarName`, `familiarRef`,
 * `familiarTagged`), the registry a name lives in (`domainOf`, `registryOf`, `isDockerHub`), the
 * defaults a name leaves out (`docker.io`, `library/`, `latest`), and the short id docker prints.
 * None of these validates: the grammar that does is `reference.ts`, which builds on these names.
 * Pure TypeScript, no dependencies.
 */

export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
export const OFFICIAL_REPO_PREFIX = 'library/';
const HUB_PREFIXES = [`${DEFAULT_DOMAIN}/`, `${LEGACY_DEFAULT_DOMAIN}/`];
export const DEFAULT_TAG = 'latest';

/** `docker.io/library/x` → `x`, `docker.io/me/x` → `me/x`, others unchanged. */
export function familiarName(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) return rest;
  }
  return path;
}

/**
 * A name or reference in familiar form, as Docker lists it: Docker lists `redis:7` and `me/app:1`
 * already; Podman lists the same images as `docker.io/library/redis:7` and `docker.io/me/app:1`.
 * A leading `docker.io/` or `index.docker.io/` is dropped, and `library/` of a one-part Docker Hub
 * name; a tag or digest stays, none is added. No parsing: this runs for every reference the index
 * holds, and an invalid input comes back with only those prefixes dropped.
 */
export function familiarRef(ref: string): string {
  let rest = ref;
  for (const hub of HUB_PREFIXES) {
    if (rest.startsWith(hub)) {
      rest = rest.slice(hub.length);
      break;
    }
  }
  if (!rest.startsWith(OFFICIAL_REPO_PREFIX)) return rest;
  const official = rest.slice(OFFICIAL_REPO_PREFIX.length);
  const nameEnd = official.search(/[:@]/);
  return (nameEnd === -1 ? official : official.slice(0, nameEnd)).includes('/') ? rest : official;
}

/** `app` → `app:latest`; `docker.io/library/app:1` → `app:1` (a digest is dropped). */
export function familiarTagged(ref: string): string {
  const { repository, tag } = splitReference(ref);
  return `${familiarRef(repository)}:${tag ?? DEFAULT_TAG}`;
}

/** The parts of a reference as written or listed; null when a part is absent. */
export interface SplitReference {
  /** The name: `localhost:5000/team/app`. */
  repository: string;
  tag: string | null;
  /** `sha256:…`. */
  digest: string | null;
}

/**
 * Splits `name[:tag][@digest]` without checking it (use `parseReference` to validate): the digest
 * after the first `@`, the tag after the last `:` that follows the last `/` (a registry port's
 * colon is not a tag's). `localhost:5000/app:1` → `localhost:5000/app`, `1`.
 */
export function splitReference(ref: string): SplitReference {
  const at = ref.indexOf('@');
  const digest = at === -1 ? null : ref.slice(at + 1);
  const named = at === -1 ? ref : ref.slice(0, at);
  const colon = named.lastIndexOf(':');
  if (colon > named.lastIndexOf('/')) {
    return { repository: named.slice(0, colon), tag: named.slice(colon + 1), digest };
  }
  return { repository: named, tag: null, digest };
}

/**
 * The registry host written at the start of a name (`localhost:5000/app` → `localhost:5000`,
 * `ghcr.io/acme/api` → `ghcr.io`), or null when the name has none and lives on Docker Hub
 * (`ubuntu`, `me/app`). As in the grammar, a first component is a host when it has a `.` or a `:`
 * or is `localhost`.
 */
export function domainOf(name: string): string | null {
  const slash = name.indexOf('/');
  if (slash === -1) return null;
  const first = name.slice(0, slash);
  return isDomain(first) ? first : null;
}

/** The registry a name lives in: the host it names, else `docker.io`; `index.docker.io` is `docker.io`. */
export function registryOf(name: string): string {
  const domain = domainOf(name);
  return domain === null || domain === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : domain;
}

/** Docker Hub, by either of its names. */
export function isDockerHub(registry: string): boolean {
  return registry === DEFAULT_DOMAIN || registry === LEGACY_DEFAULT_DOMAIN;
}

/** A first component of a name is a registry host when it has a `.` or a `:` or is `localhost`. */
export function isDomain(component: string): boolean {
  return component === 'localhost' || /[.:]/.test(component);
}

/** The 12-hex short id docker prints: `sha256:` dropped. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
