// Captures the raw `POST /build?version=2` streams of a private dockerd into
// test/fixtures/buildkit/*.jsonl, for the trace decoder's unit tests. Run as root:
//   npx tsx scripts/capture-build-trace.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { busyboxImage, startPrivateDaemon } from '../test/harness/index.js';

const out = path.resolve('test/fixtures/buildkit');

function build(socketPath: string, files: Record<string, string>, query: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'trace-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const tar = execFileSync('tar', ['-C', dir, '-cf', '-', '.']);
  rmSync(dir, { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath,
        method: 'POST',
        path: `/build?version=2&networkmode=none&${query}`,
        headers: { 'content-type': 'application/x-tar' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(tar);
  });
}

const daemon = await startPrivateDaemon({ name: 'trace' });
try {
  await busyboxImage(daemon, 'trace-base:1');
  const dockerfile = [
    'FROM trace-base:1',
    'COPY app.txt /app/app.txt',
    'RUN --mount=type=cache,target=/cache ["/bin/busybox", "sh", "-c", "echo hello from run; /bin/busybox cp /app/app.txt /cache/; /bin/busybox ls /cache"]',
    'RUN ["/bin/busybox", "sh", "-c", "echo second step >&2"]',
    '',
  ].join('\n');
  const files = { Dockerfile: dockerfile, 'app.txt': 'one\n' };
  writeFileSync(
    path.join(out, 'cold.jsonl'),
    await build(daemon.socketPath, files, 't=trace-app:1'),
  );
  writeFileSync(
    path.join(out, 'cached.jsonl'),
    await build(daemon.socketPath, files, 't=trace-app:1'),
  );
  const failing = [
    'FROM trace-base:1',
    'COPY app.txt /app/app.txt',
    'RUN ["/bin/busybox", "sh", "-c", "echo about to fail; echo oops >&2; exit 3"]',
    '',
  ].join('\n');
  writeFileSync(
    path.join(out, 'failed.jsonl'),
    await build(daemon.socketPath, { Dockerfile: failing, 'app.txt': 'one\n' }, 't=trace-fail:1'),
  );
} finally {
  await daemon.destroy();
}
