/**
 * Lists what a build context sends: every file, symlink and folder that `.dockerignore` keeps,
 * with Docker's own matching rules (see ignore-rules.ts). Symlinks
 * are listed as links and never followed, so nothing outside the context is ever read. Synchronous
 * on purpose: lstat of 10,000 files takes ~20 ms this way, several times more through promises.
 */
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { EntryType } from './artifact-key.js';
import { byName } from './artifact-key.js';
import type { IgnoreRules } from './ignore-rules.js';

export { ignoreRules, readIgnoreRules, type IgnoreRules } from './ignore-rules.js';

export interface ContextEntry {
  /** Relative to the context, `/`-separated. */
  rel: string;
  abs: string;
  type: EntryType;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  size: number;
  /** Unix ms, with the file system's sub-millisecond part. */
  mtimeMs: number;
  ino: number;
  /** A symlink's target, as written in the link. */
  linkTarget: string | null;
}

function entryType(st: Stats): EntryType | null {
  if (st.isFile()) return 'file';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  return null; // sockets, fifos and devices are not sent (the docker CLI skips them too)
}

/**
 * Every kept entry under `root` (an absolute, real folder path), sorted by relative path. A folder
 * that is excluded is skipped whole unless an exception rule may re-include something inside it;
 * then only what is re-included is listed (without the folder itself), as the docker CLI does.
 */
export function walkContext(root: string, rules: IgnoreRules): ContextEntry[] {
  const out: ContextEntry[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relDir = pending.pop() as string;
    const absDir = relDir === '' ? root : path.join(root, relDir);
    for (const name of readdirSync(absDir)) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const abs = absDir + path.sep + name;
      const st = lstatSync(abs);
      const type = entryType(st);
      if (type === null) continue;
      const excluded = rules.ignores(rel);
      if (type === 'dir') {
        if (excluded && !rules.hasExceptions) continue;
        pending.push(rel);
        if (excluded) continue;
      } else if (excluded) {
        continue;
      }
      out.push({
        rel,
        abs,
        type,
        mode: st.mode & 0o7777,
        size: type === 'file' ? st.size : 0,
        mtimeMs: st.mtimeMs,
        ino: st.ino,
        linkTarget: type === 'symlink' ? readlinkSync(abs) : null,
      });
    }
  }
  out.sort((a, b) => byName(a.rel, b.rel));
  return out;
}
