/**
 * Turns the daemon's image and container shapes (list and inspect, any API version, Docker or
 * Podman) into one normalised form: `null`, `[]` and `<none>:<none>` / `<none>@<none>` all mean
 * "no references".
 */
import { HangarError } from '../../../shared/errors.js';
import type { ContainerRecord } from '../../../shared/model.js';
import type {
  ContainerInspectEntry,
  ContainerListEntry,
  ImageInspectEntry,
  ImageListEntry,
} from '../engine/docker-client.js';

/** The part of an image the daemon tells us; containers, children and flags are derived. */
export interface BaseImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  parentId: string | null;
  created: number;
  size: number;
  labels: Record<string, string>;
}

/** A listing endpoint, what its answer lists, and the string fields every entry must have. */
export interface Listing {
  path: string;
  what: string;
  fields: readonly string[];
}

export const IMAGE_LISTING: Listing = { path: 'GET /images/json', what: 'images', fields: ['Id'] };
export const CONTAINER_LISTING: Listing = {
  path: 'GET /containers/json',
  what: 'containers',
  fields: ['Id', 'ImageID'],
};

/**
 * The entries of a listing answer, checked against what the endpoint promises: a JSON array of
 * objects carrying `listing.fields` as strings. Anything else (an empty body, text that is not
 * JSON, JSON that is not an array, an entry without its id) throws an `INTERNAL` error saying what
 * `engine` answered, so a wrong answer never reads as "nothing there". docker-modem hands over a
 * body it cannot parse as JSON as a Buffer (an empty one for an empty body).
 */
export function listingEntries<T>(answer: unknown, listing: Listing, engine: string): T[] {
  const fail = (what: string): never => {
    throw new HangarError(
      'INTERNAL',
      `${engine} answered ${listing.path} with ${what}, not a list of ${listing.what}.`,
    );
  };
  if (!Array.isArray(answer)) return fail(describeAnswer(answer));
  answer.forEach((entry: unknown, i) => {
    const record =
      entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    const missing = listing.fields.find((f) => typeof record[f] !== 'string');
    if (missing) fail(`an array whose entry ${i + 1} of ${answer.length} has no ${missing}`);
  });
  return answer as T[];
}

function describeAnswer(answer: unknown): string {
  if (answer === null || answer === undefined) return 'an empty body';
  if (typeof answer === 'string' || answer instanceof Uint8Array) {
    const text = (
      typeof answer === 'string' ? answer : Buffer.from(answer).toString('utf8')
    ).trim();
    if (text.length === 0) return 'an empty body';
    const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    return `text that is not JSON (${JSON.stringify(shown)})`;
  }
  if (typeof answer === 'object') return 'a JSON object';
  return `the JSON ${typeof answer} ${JSON.stringify(answer)}`;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** `sha256:`-prefixed id (Podman and some paths give bare hex). */
export function normalizeId(id: string): string {
  return HEX64.test(id) ? `sha256:${id}` : id;
}

function refs(list: readonly string[] | null | undefined, none: string): string[] {
  if (!list) return [];
  return list.filter((r) => r !== none && r.length > 0).sort();
}

function labelsOf(labels: Record<string, string> | null | undefined): Record<string, string> {
  return labels ? { ...labels } : {};
}

function parentOf(parent: string | null | undefined): string | null {
  return parent ? normalizeId(parent) : null;
}

export function fromListEntry(e: ImageListEntry): BaseImage {
  return {
    id: normalizeId(e.Id),
    repoTags: refs(e.RepoTags, '<none>:<none>'),
    repoDigests: refs(e.RepoDigests, '<none>@<none>'),
    parentId: parentOf(e.ParentId),
    created: e.Created,
    size: e.Size,
    labels: labelsOf(e.Labels),
  };
}

export function fromInspect(e: ImageInspectEntry): BaseImage {
  const ms = Date.parse(e.Created);
  return {
    id: normalizeId(e.Id),
    repoTags: refs(e.RepoTags, '<none>:<none>'),
    repoDigests: refs(e.RepoDigests, '<none>@<none>'),
    parentId: parentOf(e.Parent),
    created: Number.isFinite(ms) ? Math.floor(ms / 1000) : 0,
    size: e.Size,
    labels: labelsOf(e.Config?.Labels),
  };
}

function containerName(names: readonly string[] | null | undefined): string {
  const first = names?.[0] ?? '';
  return first.startsWith('/') ? first.slice(1) : first;
}

export function containerFromList(e: ContainerListEntry): ContainerRecord {
  const state = typeof e.State === 'string' ? e.State : (e.State?.Status ?? 'unknown');
  return {
    id: e.Id,
    name: containerName(e.Names),
    imageId: normalizeId(e.ImageID),
    state: state || 'unknown',
  };
}

export function containerFromInspect(e: ContainerInspectEntry): ContainerRecord {
  return {
    id: e.Id,
    name: containerName(e.Name ? [e.Name] : []),
    imageId: normalizeId(e.Image),
    state: e.State?.Status || 'unknown',
  };
}

export function sameBase(a: BaseImage, b: BaseImage): boolean {
  return (
    a.id === b.id &&
    a.parentId === b.parentId &&
    a.created === b.created &&
    a.size === b.size &&
    sameList(a.repoTags, b.repoTags) &&
    sameList(a.repoDigests, b.repoDigests) &&
    sameLabels(a.labels, b.labels)
  );
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
