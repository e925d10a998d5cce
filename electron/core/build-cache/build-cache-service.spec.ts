import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDKIT_SOURCE, BuildCacheService } from './build-cache-service.js';

let server: http.Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

const answer = {
  Images: [],
  BuildCache: [
    {
      ID: 'r1',
      Parent: '',
      Type: 'regular',
      Description: 'mount / from exec /bin/sh -c make',
      InUse: false,
      Shared: false,
      Size: 4096,
      CreatedAt: '2026-12-01T10:00:00.123456789Z',
      LastUsedAt: '2026-12-01T11:00:00Z',
      UsageCount: 2,
    },
  ],
};

/** A Docker engine whose modem is `connection`; `/system/df` answers `answer`. */
function engineWith(connection: Record<string, unknown>, paths: string[]) {
  const modem = {
    ...connection,
    dial(options: { path: string }, callback: (err: unknown, answer: unknown) => void) {
      paths.push(options.path);
      callback(null, answer);
    },
  };
  const client = { modem };
  return {
    status: () => ({
      state: 'reachable' as const,
      kind: 'docker' as const,
      apiVersion: '1.41',
      endpoint: { host: 'tcp://h:2376' },
    }),
    client: () => client,
  };
}

describe('BuildCacheService listing', () => {
  it('reads /system/df on an engine BuildKit’s call cannot reach (TLS), and asks once', async () => {
    const paths: string[] = [];
    const engine = engineWith({ protocol: 'https', host: 'h', port: 2376 }, paths);
    const service = new BuildCacheService({ engine: engine as never });
    const first = await service.list({ refresh: true });
    const second = await service.list({ refresh: true });
    for (const listing of [first, second]) {
      if (!listing.supported) throw new Error(listing.reason);
      expect(listing.source).toBe('/system/df');
      expect(listing.records.map((r) => [r.id, r.size, r.createdAt])).toEqual([
        ['r1', 4096, Date.parse('2026-12-01T10:00:00.123Z')],
      ]);
    }
    expect(paths).toEqual(['/system/df?', '/system/df?']);
  });

  it('reads /system/df when the engine refuses the upgrade to /grpc, and does not ask again', async () => {
    const upgrades: string[] = [];
    server = http.createServer((req, res) => {
      upgrades.push(`${req.method} ${req.url} ${req.headers.upgrade}`);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('page not found');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const paths: string[] = [];
    const engine = engineWith({ protocol: 'http', host: '127.0.0.1', port }, paths);
    const service = new BuildCacheService({ engine: engine as never });
    const listing = await service.list({ refresh: true });
    await service.list({ refresh: true });
    if (!listing.supported) throw new Error(listing.reason);
    expect(listing.source).toBe('/system/df');
    expect(listing.source).not.toBe(BUILDKIT_SOURCE);
    expect(upgrades).toEqual(['POST /grpc h2c']);
    expect(paths).toEqual(['/system/df?', '/system/df?']);
  });
});
