/**
 * Image references: the distribution reference grammar (`distribution/reference` `regexp.go`,
 * `reference.go`, `normalize.go`, and `go-digest` for digests), parsed, validated and normalised
 * like the docker CLI does (`ParseNormalizedNamed` + `ParseDockerRef`): `ubuntu` →
 * `docker.io/library/ubuntu:latest`, familiar form `ubuntu:latest`.
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [domain '/'] path-component ['/' path-component]*
 *   domain     := host [':' port]; host := domain-name | '[' IPv6 ']'
 *   path-component := [a-z0-9]+ ( ( [._] | __ | [-]+ ) [a-z0-9]+ )*
 *   tag        := [\w][\w.-]{0,127}
 *   digest     := algorithm ":" hex{32,}   (sha256: 64 lowercase hex, sha384: 96, sha512: 128)
 *
 * Validity is decided by the grammar's own regular expressions; when they refuse, the input is
 * examined part by part only to say precisely what is wrong. Names without validating them (their
 * parts, the familiar form, the registry a name lives in, the defaults) are `reference-names.ts`.
 * Every side (core, CLI, renderer) reads references through these two modules. Pure TypeScript,
 * no dependencies.
 */

import {
  DEFAULT_DOMAIN,
  DEFAULT_TAG,
  LEGACY_DEFAULT_DOMAIN,
  OFFICIAL_REPO_PREFIX,
  familiarName,
  isDomain,
  splitReference,
} from './reference-names.js';

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const HOST = `(?:${DOMAIN_NAME}|${IPV6})`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
const PATH_COMPONENT_RE = new RegExp(`^${PATH_COMPONENT}$`);
const DOMAIN_AND_PORT_RE = new RegExp(`^${DOMAIN_AND_PORT}$`);
const TAG_RE = new RegExp(`^${TAG}$`);
const DIGEST_RE = new RegExp(`^${DIGEST}$`);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

/** The digest algorithms go-digest knows, with the length of their hex encoding. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Characters in a repository name (domain and path). */
export const NAME_MAX_LENGTH = 255;
export const TAG_MAX_LENGTH = 128;

/** A valid reference, normalised. */
export interface ImageReference {
  /** What was parsed. */
  input: string;
  /**
   * The registry: `docker.io`, `localhost:5000`, `ghcr.io`; empty in the odd case where a first
   * component that looks like a host is not one (`bad_host.com/app` is all path).
   */
  domain: string;
  /** The repository path on that registry: `library/ubuntu`. */
  path: string;
  /** The tag given, `latest` when neither a tag nor a digest was given, else null. */
  tag: string | null;
  /** The digest given (`sha256:…`), or null. */
  digest: string | null;
  /** `domain/path`: `docker.io/library/ubuntu`. */
  name: string;
  /** The name as docker shows it: `ubuntu`, `me/app`, `localhost:5000/app`. */
  familiarName: string;
  /** Like `docker images` shows it: `ubuntu:latest`, or `ubuntu@sha256:…` (a digest wins). */
  familiar: string;
  /** Fully qualified: `docker.io/library/ubuntu:latest`, or `…@sha256:…` (a digest wins). */
  full: string;
}

export type ParseResult = { ok: true; ref: ImageReference } | { ok: false; error: string };

/** Parses and normalises a reference like `docker tag`/`docker push` would accept it. */
export function parseReference(input: string): ParseResult {
  if (input === '') return fail('repository name must have at least one component');
  if (IDENTIFIER_RE.test(input)) {
    return fail(
      `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings (that is an image id)`,
    );
  }
  const [domain, remainder] = splitDockerDomain(input);
  const colon = remainder.indexOf(':');
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    return fail(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  const full = `${domain}/${remainder}`;
  const match = REFERENCE_RE.exec(full);
  if (!match) {
    const lower = full.toLowerCase();
    if (lower !== full && REFERENCE_RE.test(lower)) {
      return fail('invalid reference format: repository name must be lowercase');
    }
    const why = diagnose(domain, remainder);
    return fail(why ? `invalid reference format: ${why}` : 'invalid reference format');
  }
  const [, nameText = '', tag, digest] = match;
  const nameMatch = ANCHORED_NAME_RE.exec(nameText);
  const parsedDomain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? nameText;
  // Newer code counts the path only; docker 20.10 counted the whole name. Keep the stricter rule.
  if (nameText.length > NAME_MAX_LENGTH) {
    return fail(
      `repository name must not be more than ${NAME_MAX_LENGTH} characters (${nameText} has ${nameText.length})`,
    );
  }
  if (digest !== undefined) {
    const digestError = validateDigest(digest);
    if (digestError) return fail(digestError);
  }
  return { ok: true, ref: build(input, parsedDomain, path, tag ?? null, digest ?? null) };
}

/** Like `parseReference`, but throws an `Error` with the grammar's message. */
export function mustParseReference(input: string): ImageReference {
  const result = parseReference(input);
  if (!result.ok) throw new Error(result.error);
  return result.ref;
}

/**
 * A reference to tag an image with (`docker tag SOURCE TARGET`): a name and an optional tag, never
 * a digest (the daemon refuses one).
 */
export function parseTagTarget(input: string): ParseResult {
  const result = parseReference(input);
  if (!result.ok) return result;
  if (result.ref.digest !== null) {
    return fail(`invalid reference format: a tag cannot contain a digest (${input}); use name:tag`);
  }
  return result;
}

/** A valid repository name without a tag or a digest: `app`, `localhost:5000/team/api`. */
export function isRepositoryName(input: string): boolean {
  const { tag, digest } = splitReference(input);
  return tag === null && digest === null && parseReference(input).ok;
}

/** A valid `name:tag`, the tag written and no digest: `app:latest`, `localhost:5000/app:1`. */
export function isTaggedReference(input: string): boolean {
  const { tag, digest } = splitReference(input);
  return tag !== null && digest === null && parseReference(input).ok;
}

/**
 * The familiar repository name of a familiar `repo:tag` or `repo@digest` as the daemon lists
 * them (`RepoTags`, `RepoDigests`), or null when it does not parse.
 */
export function repositoryOf(ref: string): string | null {
  const result = parseReference(ref);
  return result.ok ? result.ref.familiarName : null;
}

function build(
  input: string,
  domain: string,
  path: string,
  tag: string | null,
  digest: string | null,
): ImageReference {
  // A first component with '.' that is no valid host (`bad_host.com/app`) parses as a path.
  const name = domain === '' ? path : `${domain}/${path}`;
  const short = domain === '' ? path : familiarName(domain, path);
  const effectiveTag = tag ?? (digest === null ? DEFAULT_TAG : null);
  // ParseDockerRef: with both a tag and a digest, the digest wins.
  const suffix = digest !== null ? `@${digest}` : `:${effectiveTag ?? DEFAULT_TAG}`;
  return {
    input,
    domain,
    path,
    tag: effectiveTag,
    digest,
    name,
    familiarName: short,
    familiar: `${short}${suffix}`,
    full: `${name}${suffix}`,
  };
}

/**
 * `splitDockerDomain` of normalize.go: the registry part of a familiar name, or docker.io. Newer
 * versions also take an uppercase first component (`Foo/bar`) as a host; docker 20.10 refuses
 * such names ("repository name must be lowercase"), and so do we: never accept what a daemon
 * we support would refuse.
 */
function splitDockerDomain(input: string): [string, string] {
  const slash = input.indexOf('/');
  if (slash === -1) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + input];
  const maybeDomain = input.slice(0, slash);
  const rest = input.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === LEGACY_DEFAULT_DOMAIN) [domain, remote] = [DEFAULT_DOMAIN, rest];
  else if (isDomain(maybeDomain)) [domain, remote] = [maybeDomain, rest];
  else [domain, remote] = [DEFAULT_DOMAIN, input];
  if (domain === DEFAULT_DOMAIN && !remote.includes('/')) remote = OFFICIAL_REPO_PREFIX + remote;
  return [domain, remote];
}

/** go-digest's `Digest.Validate`, for a digest the grammar already accepted. */
function validateDigest(digest: string): string | null {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    return `unsupported digest algorithm: ${algorithm} (use sha256, sha384 or sha512)`;
  }
  if (hex.length !== length) {
    return `invalid checksum digest length: a ${algorithm} digest has ${length} hex digits, not ${hex.length}`;
  }
  if (!/^[a-f0-9]+$/.test(hex)) {
    return `invalid checksum digest format: ${algorithm} digests are lowercase hex`;
  }
  return null;
}

/** Says which part of a refused reference is wrong; null when no single part can be blamed. */
function diagnose(domain: string, remainder: string): string | null {
  let rest = remainder;
  const at = rest.indexOf('@');
  if (at !== -1) {
    const digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const why = diagnoseDigest(digest);
    if (why) return why;
  }
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    const tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    const why = diagnoseTag(tag);
    if (why) return why;
  }
  if (!DOMAIN_AND_PORT_RE.test(domain)) return diagnoseDomain(domain);
  if (rest === '') return 'the repository path is empty';
  for (const component of rest.split('/')) {
    const why = diagnoseComponent(component);
    if (why) return why;
  }
  return null;
}

function diagnoseDigest(digest: string): string | null {
  if (DIGEST_RE.test(digest)) return null;
  const colon = digest.indexOf(':');
  if (colon === -1) return `digest '${digest}' must be algorithm:hex, e.g. sha256:<64 hex digits>`;
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (!/^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/.test(algorithm)) {
    return `digest algorithm '${algorithm}' is not valid`;
  }
  if (!/^[0-9A-Fa-f]*$/.test(hex)) return `digest '${digest}' has characters that are not hex`;
  return `digest '${digest}' is too short: ${hex.length} hex digits, at least 32 (sha256 has 64)`;
}

function diagnoseTag(tag: string): string | null {
  if (TAG_RE.test(tag)) return null;
  if (tag === '') return "the tag after ':' is empty";
  if (tag.length > TAG_MAX_LENGTH) {
    return `tag is ${tag.length} characters long; at most ${TAG_MAX_LENGTH}`;
  }
  if (/^[.-]/.test(tag)) return `tag '${tag}' cannot start with '.' or '-'`;
  const bad = /[^\w.-]/.exec(tag)?.[0];
  return `tag '${tag}' has '${bad ?? '?'}': a tag has only letters, digits, '_', '.' and '-'`;
}

function diagnoseDomain(domain: string): string | null {
  const portMatch = /^(.*?)(?::([^:\]]*))?$/.exec(domain);
  const host = domain.startsWith('[') ? domain.slice(0, domain.indexOf(']') + 1) : portMatch?.[1];
  const port = domain.startsWith('[') ? domain.slice(domain.indexOf(']') + 2) : portMatch?.[2];
  if (port !== undefined && port !== '' && !/^[0-9]+$/.test(port)) {
    return `port '${port}' of registry '${domain}' is not a number`;
  }
  if (domain.startsWith('[') && !/^\[[a-fA-F0-9:]+\]$/.test(host ?? '')) {
    return `registry '${domain}' is not a valid IPv6 address in brackets (zones are not allowed)`;
  }
  return `registry '${host ?? domain}' is not a valid host name (letters, digits, '-' and '.' only; no leading or trailing '-')`;
}

function diagnoseComponent(component: string): string | null {
  if (PATH_COMPONENT_RE.test(component)) return null;
  if (component === '')
    return "the repository path has an empty component ('//' or a trailing '/')";
  if (/^[._-]/.test(component) || /[._-]$/.test(component)) {
    return `path component '${component}' must start and end with a lowercase letter or digit`;
  }
  const bad = /[^a-z0-9._-]/.exec(component)?.[0];
  if (bad !== undefined) {
    return `path component '${component}' has '${bad}': only lowercase letters, digits and separators (. _ __ -)`;
  }
  return `path component '${component}' has an invalid separator: use one '.', one or two '_', or any number of '-' between letters and digits`;
}

function fail(error: string): ParseResult {
  return { ok: false, error };
}
