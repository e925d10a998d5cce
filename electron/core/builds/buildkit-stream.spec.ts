import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { BuildKitStreamReader } from './buildkit-stream.js';
import { cacheCounts, describeFailure } from './steps.js';
import { decodeStatus, decodeTrace } from './trace-decoder.js';

/** Streams captured from a real dockerd 20.10 by scripts/capture-build-trace.ts. */
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/buildkit/${name}.jsonl`, import.meta.url));

function read(name: string, chunk = 0): BuildKitStreamReader {
  const r = new BuildKitStreamReader();
  const bytes = fixture(name);
  if (chunk === 0) r.push(bytes);
  else for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
  r.end();
  return r;
}

describe('decodeTrace', () => {
  it('decodes a vertex with its digest, name and times', () => {
    const first = fixture('cold').toString('utf8').split('\n')[2]!;
    const s = decodeTrace((JSON.parse(first) as { aux: string }).aux);
    expect(s.vertexes).toHaveLength(1);
    expect(s.vertexes[0]).toMatchObject({
      name: '[internal] load remote build context',
      cached: false,
      error: '',
    });
    expect(s.vertexes[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(s.vertexes[0]?.started).toBeGreaterThan(1.7e12);
    expect(s.vertexes[0]?.completed).toBeGreaterThanOrEqual(s.vertexes[0]!.started!);
  });

  it('skips fields it does not know (a newer engine adds some)', () => {
    const w = protobuf.Writer.create();
    // vertexes { digest = "d"; name = "[1/1] RUN x"; cached = true; 99 = "new" }
    const v = protobuf.Writer.create();
    v.uint32((1 << 3) | 2).string('d');
    v.uint32((3 << 3) | 2).string('[1/1] RUN x');
    v.uint32((4 << 3) | 0).bool(true);
    v.uint32((99 << 3) | 2).string('new');
    w.uint32((1 << 3) | 2).bytes(v.finish());
    // an unknown top-level field 17 (varint), then a warning
    w.uint32((17 << 3) | 0).uint32(5);
    const warn = protobuf.Writer.create();
    warn.uint32((1 << 3) | 2).string('d');
    warn.uint32((3 << 3) | 2).bytes(Buffer.from('legacy syntax'));
    w.uint32((4 << 3) | 2).bytes(warn.finish());
    const s = decodeStatus(w.finish());
    expect(s.vertexes[0]).toMatchObject({ digest: 'd', name: '[1/1] RUN x', cached: true });
    expect(s.warnings[0]).toMatchObject({ vertex: 'd', short: 'legacy syntax' });
  });

  it('throws on bytes that are not a StatusResponse', () => {
    expect(() => decodeStatus(Uint8Array.from([0x0a, 0xff, 0xff]))).toThrow();
  });
});

describe('BuildKitStreamReader on captured streams', () => {
  it('merges a cold build into steps with their logs and the image id', () => {
    const r = read('cold');
    expect(r.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.failure).toBeNull();
    const own = r.steps.filter((s) => s.dockerfile).map((s) => s.name.slice(0, 26));
    expect(own).toEqual([
      '[stage-0 1/4] FROM docker.',
      '[stage-0 2/4] COPY app.txt',
      '[stage-0 3/4] RUN --mount=',
      '[stage-0 4/4] RUN ["/bin/b',
    ]);
    expect(r.steps.map((s) => s.name)).toContain('exporting to image');
    expect(new Set(r.steps.map((s) => s.id)).size).toBe(r.steps.length);
    const run = r.steps.find((s) => s.name.startsWith('[stage-0 3/4]'))!;
    expect(run.log).toEqual(['hello from run', 'app.txt']);
    expect(r.steps.find((s) => s.name.startsWith('[stage-0 4/4]'))?.log).toEqual(['second step']);
    for (const s of r.steps) {
      expect(s.completed).toBeGreaterThanOrEqual(s.started!);
    }
    expect(cacheCounts(r.steps)).toEqual({ cached: 0, total: 4 });
  });

  it('reads the same stream cut into 7-byte chunks the same way', () => {
    const whole = read('cold');
    const cut = read('cold', 7);
    expect(cut.steps).toEqual(whole.steps);
    expect(cut.imageId).toBe(whole.imageId);
  });

  it('marks every Dockerfile step of the second identical build cached', () => {
    const r = read('cached');
    const c = cacheCounts(r.steps);
    expect(c.total).toBe(4);
    // FROM of a local image is never reported cached; every step after it is
    expect(r.steps.filter((s) => s.dockerfile && !s.cached).map((s) => s.name)).toEqual([
      '[stage-0 1/4] FROM docker.io/library/trace-base:1',
    ]);
    expect(r.imageId).toBe(read('cold').imageId);
  });

  it('names the failing step and keeps its output', () => {
    const r = read('failed');
    expect(r.imageId).toBeNull();
    expect(r.failure?.step?.name).toBe(
      '[3/3] RUN ["/bin/busybox", "sh", "-c", "echo about to fail; echo oops >&2; exit 3"]',
    );
    const d = describeFailure(r.failure!);
    expect(d.message).toMatch(/^The build failed at step 3\/3 \(RUN .*\): .*exit code: 3$/);
    expect(d.detail?.split('\n').sort()).toEqual(['about to fail', 'oops']);
  });
});
