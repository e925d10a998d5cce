/**
 * Hashes an artifact's workspace into its cache key: resolve the context and the Dockerfile (a
 * Dockerfile outside the context is an error), list what `.dockerignore` keeps, digest the files
 * (memoized in the store), and compute the key with its per-input digests.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ArtifactSpec, HashStats, InputDigest } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import { fileError } from '../errors.js';
import type { HangarStore } from '../store/store.js';
import { keyInputs, sha256, streamKey, type HashedEntry, type KeyConfig } from './artifact-key.js';
import { readIgnoreRules, walkContext, type ContextEntry } from './context-walker.js';
import { digestEntries } from './file-digests.js';

export interface ResolvedContext {
  /** Real path of the context folder. */
  root: string;
  /** Dockerfile relative to the context, `/`-separated. */
  dockerfile: string;
  dockerfileAbs: string;
}

export interface HashedWorkspace extends ResolvedContext {
  key: string;
  /** The per-input digests behind the key (built on first call: the warm HIT never needs them). */
  inputs(): InputDigest[];
  /** What the context sends, sorted by path (the build tar is made from exactly these). */
  entries: ContextEntry[];
  stats: HashStats;
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** Resolves the context folder and the Dockerfile inside it. */
export function resolveContext(
  spec: Pick<ArtifactSpec, 'context' | 'dockerfile'>,
): ResolvedContext {
  let root: string;
  try {
    root = realpathSync(spec.context);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      throw new HangarError('NOT_FOUND', `The build context ${spec.context} does not exist.`);
    }
    throw new HangarError(
      'VALIDATION',
      `Cannot read the build context ${spec.context}.`,
      String(err),
    );
  }
  if (!statSync(root).isDirectory()) {
    throw new HangarError('VALIDATION', `The build context ${spec.context} is not a folder.`);
  }
  const outside = new HangarError(
    'VALIDATION',
    `The Dockerfile ${spec.dockerfile} is outside the build context ${spec.context}.`,
  );
  const joined = path.resolve(root, spec.dockerfile);
  const escapes = (p: string) => {
    const rel = path.relative(root, p);
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  };
  if (escapes(joined)) throw outside;
  let real: string;
  try {
    real = realpathSync(joined);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      throw new HangarError(
        'NOT_FOUND',
        `No Dockerfile at ${spec.dockerfile} in the build context ${spec.context}.`,
      );
    }
    throw err;
  }
  // A Dockerfile that is a link pointing out of the context escapes it just the same.
  if (escapes(real)) throw outside;
  if (!statSync(real).isFile()) {
    throw new HangarError('VALIDATION', `The Dockerfile ${spec.dockerfile} is not a file.`);
  }
  return {
    root,
    dockerfile: path.relative(root, joined).split(path.sep).join('/'),
    dockerfileAbs: real,
  };
}

export interface HashOptions {
  now?: () => number;
  signal?: AbortSignal;
}

export async function hashWorkspace(
  store: HangarStore,
  spec: ArtifactSpec,
  options: HashOptions = {},
): Promise<HashedWorkspace> {
  const now = options.now ?? Date.now;
  const t0 = performance.now();
  const startedAt = now();
  const ctx = resolveContext(spec);
  const dockerfileDigest = sha256(readFileSync(ctx.dockerfileAbs));
  let entries: ContextEntry[];
  try {
    entries = walkContext(ctx.root, readIgnoreRules(ctx.root));
  } catch (err) {
    throw (
      fileError(err) ??
      new HangarError(
        'INTERNAL',
        `Cannot read the build context ${spec.context}: ${(err as Error).message}`,
      )
    );
  }
  const memo = store.fileHashes.under(ctx.root, path.sep);
  const digested = await digestEntries(entries, memo, { startedAt, signal: options.signal });
  store.fileHashes.putMany(digested.fresh, startedAt);
  const config: KeyConfig = {
    name: spec.name,
    dockerfile: ctx.dockerfile,
    target: spec.target,
    platform: spec.platform,
    buildArgs: spec.buildArgs,
  };
  const key = streamKey(config, dockerfileDigest, entries, digested.digests);
  let inputs: InputDigest[] | null = null;
  return {
    ...ctx,
    key,
    inputs: () => {
      inputs ??= keyInputs(
        config,
        dockerfileDigest,
        entries.map((e, i): HashedEntry => ({ ...e, digest: digested.digests[i] ?? '' })),
      );
      return inputs;
    },
    entries,
    stats: {
      files: entries.length,
      filesRead: digested.filesRead,
      bytesRead: digested.bytesRead,
      ms: performance.now() - t0,
    },
  };
}
