// Real builds from a `FROM scratch` context written to a temp dir (dockerd's classic builder,
// DOCKER_BUILDKIT=0; Podman's buildah), and a tiny runnable image holding Debian's static busybox.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineHandle } from './engine-handle.js';

export interface BuildFile {
  content: string | Buffer;
  /** File mode, e.g. 0o755 for an executable (COPY keeps it). */
  mode?: number;
}

export interface BuildScratchOptions {
  /** Reference to tag the result with, e.g. 'app:1'. */
  tag: string;
  /** Context files by relative path. */
  files: Record<string, string | Buffer | BuildFile>;
  /** Default: `FROM scratch` + `COPY . /`. */
  dockerfile?: string;
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
  /** Pass --no-cache. */
  noCache?: boolean;
}

/** Builds with the engine's CLI (dockerd's classic builder, Podman's buildah); resolves to the image id ('sha256:…'). */
export async function buildScratchImage(
  engine: Pick<EngineHandle, 'cli'>,
  opts: BuildScratchOptions,
): Promise<string> {
  const context = mkdtempSync(path.join(tmpdir(), 'hangar-build-'));
  try {
    const dockerfile = opts.dockerfile ?? 'FROM scratch\nCOPY . /\n';
    writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
    // Keep the Dockerfile and the id file out of `COPY . /`.
    writeFileSync(path.join(context, '.dockerignore'), 'Dockerfile\n.dockerignore\n');
    for (const [name, file] of Object.entries(opts.files)) {
      const target = path.join(context, name);
      if (!target.startsWith(`${context}/`)) throw new Error(`file outside the context: ${name}`);
      mkdirSync(path.dirname(target), { recursive: true });
      const { content, mode } =
        typeof file === 'string' || Buffer.isBuffer(file)
          ? { content: file, mode: undefined }
          : file;
      writeFileSync(target, content, { mode: mode ?? 0o644 });
    }
    const iidFile = path.join(tmpdir(), `${path.basename(context)}.iid`);
    const args = ['build', '-q', '-t', opts.tag, '--iidfile', iidFile];
    for (const [key, value] of Object.entries(opts.labels ?? {}))
      args.push('--label', `${key}=${value}`);
    for (const [key, value] of Object.entries(opts.buildArgs ?? {})) {
      args.push('--build-arg', `${key}=${value}`);
    }
    if (opts.noCache) args.push('--no-cache');
    args.push(context);
    try {
      await engine.cli(args, { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 180_000 });
      return readFileSync(iidFile, 'utf8').trim();
    } finally {
      rmSync(iidFile, { force: true });
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

export const BUSYBOX_PATH = '/bin/busybox';

/**
 * Builds `FROM scratch` + Debian's static /bin/busybox as `tag`, so tests can run
 * `docker create --network none TAG /bin/busybox true`. Resolves to the image id.
 */
export async function busyboxImage(
  engine: Pick<EngineHandle, 'cli'>,
  tag: string,
  labels?: Record<string, string>,
): Promise<string> {
  if (!existsSync(BUSYBOX_PATH)) {
    throw new Error(
      `${BUSYBOX_PATH} not found: install the Debian package busybox-static (apt-get install -y busybox-static)`,
    );
  }
  return buildScratchImage(engine, {
    tag,
    labels,
    files: { busybox: { content: readFileSync(BUSYBOX_PATH), mode: 0o755 } },
    dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "true"]\n',
  });
}
