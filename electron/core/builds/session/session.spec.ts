import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, SessionUnavailableError } from './session.js';

let server: http.Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

const base = { dirs: new Map(), name: 'test', sharedKeyOf: '/ctx' };

describe('openSession', () => {
  it('is unavailable on a connection it does not dial (ssh, TLS)', async () => {
    // As docker-modem holds an engine reached through Hangar's ssh agent.
    const ssh = { host: 'h', port: 22, protocol: 'http', agent: {}, sshOptions: {} };
    await expect(
      openSession({ ...base, modem: ssh, signal: new AbortController().signal }),
    ).rejects.toBeInstanceOf(SessionUnavailableError);
    const tls = { host: 'h', port: 2376, protocol: 'https' };
    await expect(
      openSession({ ...base, modem: tls, signal: new AbortController().signal }),
    ).rejects.toThrow(/not a plain socket/);
  });

  it("is unavailable when the engine refuses the upgrade, with the engine's words", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(400, { 'content-type': 'text/plain' }).end('sessions are not supported');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    // As docker-modem holds a plain TCP engine (its sshOptions are always an object).
    const modem = { host: '127.0.0.1', port, protocol: 'http', sshOptions: {} };
    const err = await openSession({ ...base, modem, signal: new AbortController().signal }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SessionUnavailableError);
    expect((err as Error).message).toBe(
      'the engine refused a session (400): sessions are not supported',
    );
    expect(seen[0]).toMatchObject({
      upgrade: 'h2c',
      'x-docker-expose-session-name': 'test',
      'x-docker-expose-session-grpc-method':
        '/moby.filesync.v1.FileSync/DiffCopy, /grpc.health.v1.Health/Check',
    });
    expect(seen[0]?.['x-docker-expose-session-sharedkey']).toMatch(/^[0-9a-f]{64}$/);
  });
});
