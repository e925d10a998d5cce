/**
 * The cache key: sha256 over the artifact's inputs — its config (name, Dockerfile path,
 * target, platform), its build args as `K=V`, the Dockerfile's content, and every file the
 * context keeps as (relative path, type and mode, content hash), sorted by path. The key is a pure
 * function of the per-input digests it returns, so comparing two keys' inputs explains any change.
 */
import { createHash } from 'node:crypto';
import type { InputDigest } from '../../../shared/artifacts.js';

export const KEY_VERSION = 'hangar-artifact-key/v1';

export type EntryType = 'file' | 'symlink' | 'dir';

export interface KeyConfig {
  name: string;
  /** Relative to the context, `/`-separated. */
  dockerfile: string;
  target: string | null;
  platform: string | null;
  buildArgs: Readonly<Record<string, string>>;
}

/** A kept context entry with its content digest (a link's target, nothing for a folder). */
export interface HashedEntry {
  rel: string;
  type: EntryType;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  /** sha256 hex of the content (files), of the link target (symlinks); '' for folders. */
  digest: string;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Code-unit order, the same on every platform (no locale). */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TYPE_CHAR: Record<EntryType, string> = { file: 'f', symlink: 'l', dir: 'd' };

/**
 * The input digest of one context entry: type, mode and content digest side by side
 * (`f644:<sha256>`), so a chmod is a change too. Not hashed again: the key hashes it anyway, and
 * 10,000 extra hashes would cost the warm path a quarter of its budget.
 */
export function entryDigest(entry: HashedEntry): string {
  return `${TYPE_CHAR[entry.type]}${entry.mode.toString(8)}:${entry.digest}`;
}

/** The inputs of a key, in key order: config, build args, Dockerfile, files. */
export function keyInputs(
  config: KeyConfig,
  dockerfileDigest: string,
  entries: readonly HashedEntry[],
): InputDigest[] {
  const inputs: InputDigest[] = [
    { kind: 'config', name: 'name', digest: sha256(config.name) },
    { kind: 'config', name: 'dockerfilePath', digest: sha256(config.dockerfile) },
    { kind: 'config', name: 'target', digest: sha256(config.target ?? '') },
    { kind: 'config', name: 'platform', digest: sha256(config.platform ?? '') },
  ];
  for (const name of Object.keys(config.buildArgs).sort(byName)) {
    inputs.push({ kind: 'buildArg', name, digest: sha256(`${name}=${config.buildArgs[name]}`) });
  }
  inputs.push({ kind: 'dockerfile', name: config.dockerfile, digest: dockerfileDigest });
  const files = [...entries].sort((a, b) => byName(a.rel, b.rel));
  for (let i = 1; i < files.length; i++) {
    if (files[i]?.rel === files[i - 1]?.rel)
      throw new Error(`duplicate context path ${files[i]?.rel}`);
  }
  for (const e of files) inputs.push({ kind: 'file', name: e.rel, digest: entryDigest(e) });
  return inputs;
}

/** The key over a list of inputs (as `keyInputs` orders them). */
export function keyOf(inputs: readonly InputDigest[]): string {
  // One update over the joined lines: 10,000 small updates cost more than the hashing itself.
  const lines = inputs.map((i) => `${i.kind}\0${i.name}\0${i.digest}\n`);
  return createHash('sha256')
    .update(`${KEY_VERSION}\n${lines.join('')}`)
    .digest('hex');
}

/** What the streaming key needs of an entry (a `ContextEntry` has it). */
export type KeyedEntry = Pick<HashedEntry, 'rel' | 'type' | 'mode'>;

/**
 * The same key as `keyOf(keyInputs(…))`, computed without building 10,000 input objects: the
 * warm path needs only the key (inputs are built on a miss). `digests[i]` belongs to `entries[i]`,
 * and `entries` must be sorted by path (as `walkContext` returns them).
 */
export function streamKey(
  config: KeyConfig,
  dockerfileDigest: string,
  entries: readonly KeyedEntry[],
  digests: readonly string[],
): string {
  const h = createHash('sha256');
  let buf = `${KEY_VERSION}\n`;
  const head = keyInputs(config, dockerfileDigest, []);
  for (const i of head) buf += `${i.kind}\0${i.name}\0${i.digest}\n`;
  let prev: string | null = null;
  for (let n = 0; n < entries.length; n++) {
    const e = entries[n] as KeyedEntry;
    if (prev !== null && byName(prev, e.rel) >= 0) {
      throw new Error(`context paths out of order or duplicated at ${e.rel}`);
    }
    prev = e.rel;
    buf += `file\0${e.rel}\0${TYPE_CHAR[e.type]}${e.mode.toString(8)}:${digests[n] ?? ''}\n`;
    if (buf.length > 65_536) {
      h.update(buf);
      buf = '';
    }
  }
  return h.update(buf).digest('hex');
}

export function computeKey(
  config: KeyConfig,
  dockerfileDigest: string,
  entries: readonly HashedEntry[],
): { key: string; inputs: InputDigest[] } {
  const inputs = keyInputs(config, dockerfileDigest, entries);
  return { key: keyOf(inputs), inputs };
}
