/**
 * skaffold's artifact cache file (`~/.skaffold/cache`): a YAML map from skaffold's own hash of an
 * artifact's inputs to the image it built, `{digest, id}` (skaffold `pkg/skaffold/build/cache`,
 * `ImageDetails`), either part possibly absent.
 */
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { HangarError } from '../../../shared/errors.js';

export interface SkaffoldCacheItem {
  hash: string;
  digest: string | null;
  id: string | null;
}

export function defaultSkaffoldCacheFile(home = os.homedir()): string {
  return path.join(home, '.skaffold', 'cache');
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const ID = /^(sha256:)?[0-9a-f]{12,64}$/;

function normalizeId(id: string): string {
  return id.startsWith('sha256:') || id.length !== 64 ? id : `sha256:${id}`;
}

/** Parses the file's text; throws an error naming `file` and the first bad entry. */
export function parseSkaffoldCache(text: string, file: string): SkaffoldCacheItem[] {
  let doc: unknown;
  try {
    // Every scalar as text: a hash of digits only (or like `12e3…`) must not become a number.
    doc = parse(text, { schema: 'failsafe' });
  } catch (err) {
    throw new HangarError(
      'VALIDATION',
      `${file} is not skaffold's cache file: it is not valid YAML (${(err as Error).message.split('\n')[0]}).`,
    );
  }
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new HangarError(
      'VALIDATION',
      `${file} is not skaffold's cache file: expected a map of hash → {digest, id}.`,
    );
  }
  const items: SkaffoldCacheItem[] = [];
  for (const [hash, value] of Object.entries(doc as Record<string, unknown>)) {
    const bad = (why: string) =>
      new HangarError('VALIDATION', `${file}: entry ${hash} ${why}; nothing was imported.`);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{3,127}$/.test(hash)) throw bad('has a malformed hash');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw bad('is not a map of {digest, id}');
    }
    const v = value as Record<string, unknown>;
    const digest = v.digest === undefined || v.digest === '' ? null : v.digest;
    const id = v.id === undefined || v.id === '' ? null : v.id;
    if (digest !== null && (typeof digest !== 'string' || !DIGEST.test(digest))) {
      throw bad('has a digest that is not sha256:<64 hex>');
    }
    if (id !== null && (typeof id !== 'string' || !ID.test(id))) {
      throw bad('has an image id that is not sha256:<hex>');
    }
    if (digest === null && id === null) throw bad('has neither digest nor id');
    items.push({ hash, digest, id: id === null ? null : normalizeId(id) });
  }
  return items;
}
