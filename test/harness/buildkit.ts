// BuildKit builds straight through the Engine API (`POST /build?version=2&networkmode=none` with
// the context as a tar body; no buildx, no session), to fill a daemon's build cache: `RUN` steps
// and `RUN --mount=type=cache` over busybox (`busyboxImage`), each record of its own size.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { DaemonHandle } from './daemon.js';
import { tarBuffer, type TarEntry } from './ustar.js';

/** The Dockerfile head the helpers below build on: busybox as the base and as the shell. */
export const BUSYBOX_HEADER = (base = 'bb:1') =>
  `FROM ${base}\nSHELL ["/bin/busybox", "sh", "-c"]\n`;

/** A `RUN` step that writes `kb` kilobytes named by `marker`, so its record has a size of its own. */
export const sizedRun = (marker: string, kb: number) =>
  `RUN /bin/busybox dd if=/dev/zero of=/${marker} bs=1024 count=${kb} && /bin/busybox echo ${marker}\n`;

/** A `RUN --mount=type=cache` step that writes `kb` kilobytes into the cache mount. */
export const cacheMountRun = (marker: string, kb: number) =>
  `RUN --mount=type=cache,target=/cache-${marker} /bin/busybox dd if=/dev/zero of=/cache-${marker}/f bs=1024 count=${kb}\n`;

export interface BuildKitBuildOptions {
  /** Tag of the result; default a fresh `bk-XXXXXXXX`. */
  tag?: string;
  /** Other context files besides the Dockerfile. */
  files?: TarEntry[];
  /**
   * Remove the image afterwards (default true): its layers are shared with the build's records
   * while it exists, so only without it are they reclaimable.
   */
  removeImage?: boolean;
}

/** One BuildKit build of `dockerfile` on the daemon; resolves to the tag it built. */
export async function buildKitBuild(
  daemon: Pick<DaemonHandle, 'socketPath' | 'docker'>,
  dockerfile: string,
  opts: BuildKitBuildOptions = {},
): Promise<string> {
  const tag = opts.tag ?? `bk-${randomUUID().slice(0, 8)}`;
  const body = tarBuffer([
    { name: 'Dockerfile', content: Buffer.from(dockerfile) },
    ...(opts.files ?? []),
  ]);
  const answer = await new Promise<string>((resolve, reject) => {
    const req = http.request(
      {
        socketPath: daemon.socketPath,
        method: 'POST',
        path: `/build?version=2&networkmode=none&t=${encodeURIComponent(tag)}`,
        headers: { 'Content-Type': 'application/x-tar', 'Content-Length': body.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  const failed = answer.split('\n').find((l) => l.startsWith('{"error'));
  if (failed) throw new Error(`build failed: ${failed}`);
  if (opts.removeImage !== false) await daemon.docker(['rmi', tag]);
  return tag;
}

/** The daemon's build cache records as `GET /system/df` gives them (read with node's http). */
export interface RawBuildCacheRecord {
  ID: string;
  Type: string;
  Description: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
  LastUsedAt?: string | null;
}

export async function rawBuildCache(socketPath: string): Promise<RawBuildCacheRecord[]> {
  // The daemon computes one disk usage at a time and answers 500 to any other asked meanwhile
  // (the core's own listing, after a build or a prune): ask again, as the core does.
  for (let attempt = 0; ; attempt++) {
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        http
          .get({ socketPath, path: '/system/df' }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          })
          .on('error', reject);
      },
    );
    if (status === 200) {
      return (JSON.parse(body) as { BuildCache?: RawBuildCacheRecord[] | null }).BuildCache ?? [];
    }
    if (!body.includes('a disk usage operation is already running') || attempt >= 200) {
      throw new Error(`GET /system/df answered ${status}: ${body}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
