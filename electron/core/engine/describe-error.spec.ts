import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngineError, describeReason, engineLabel } from './describe-error.js';
import { EngineVersionError, NotDockerApiError } from './version-info.js';

const SOCK = 'unix:///var/run/docker.sock';

function errno(code: string, message = `connect ${code} /var/run/docker.sock`): Error {
  return Object.assign(new Error(message), { code });
}

/** An error as docker-modem builds it for an unexpected HTTP status. */
function httpError(statusCode: number, json: unknown, text = ''): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${text} `), {
    statusCode,
    json,
  });
}

describe('describeEngineError for errno codes', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['ENOENT', 'no such socket (is the engine running?)'],
    ['ECONNREFUSED', 'connection refused'],
    ['ETIMEDOUT', 'timed out'],
    ['ECONNRESET', 'the connection was reset'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['ENOTSOCK', 'not a socket'],
  ])('%s → %s', (code, reason) => {
    expect(describeEngineError(errno(code), { host: SOCK })).toBe(
      `Cannot reach Docker at ${SOCK}: ${reason}`,
    );
  });

  it('names Podman when the engine is known to be Podman', () => {
    const host = 'unix:///run/podman/podman.sock';
    expect(describeEngineError(errno('EACCES'), { host, kind: 'podman' })).toBe(
      `Cannot reach Podman at ${host}: permission denied`,
    );
    expect(engineLabel('unknown')).toBe('Docker');
  });

  it('says pipe, not socket, for a missing Windows named pipe', () => {
    const host = 'npipe:////./pipe/docker_engine';
    expect(describeReason(errno('ENOENT'), { host })).toBe('no such pipe (is the engine running?)');
  });

  it('names an unknown host', () => {
    const err = Object.assign(errno('ENOTFOUND', 'getaddrinfo ENOTFOUND nohost'), {
      hostname: 'nohost',
    });
    expect(describeReason(err, { host: 'tcp://nohost:2375' })).toBe('unknown host nohost');
  });

  it('tells a hang-up apart from a reset', () => {
    expect(describeReason(errno('ECONNRESET', 'socket hang up'), { host: SOCK })).toBe(
      'the connection closed before an answer',
    );
  });

  it('reads the code of the first attempt of a happy-eyeballs AggregateError', () => {
    const err = new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')], '');
    expect(describeReason(err, { host: 'tcp://localhost:2375' })).toBe('connection refused');
  });
});

describe('describeEngineError for HTTP answers', () => {
  it('calls a non-200 answer to /_ping not a Docker API', () => {
    const err = httpError(404, Buffer.from('404 page not found'), '404 page not found');
    expect(describeEngineError(err, { host: SOCK, path: '/_ping' })).toBe(
      `Cannot reach Docker at ${SOCK}: not a Docker API (it answered HTTP 404 to /_ping)`,
    );
  });

  it("quotes the daemon's message for other requests", () => {
    const err = httpError(500, { message: 'boom\nmore' });
    expect(describeReason(err, { host: SOCK, path: '/version' })).toBe(
      'it answered HTTP 500 to /version: boom',
    );
  });

  it('explains API versions that do not meet', () => {
    const tooNew = httpError(400, {
      message: 'client version 1.47 is too new. Maximum supported API version is 1.41',
    });
    expect(describeReason(tooNew, { host: SOCK })).toBe(
      'its API version 1.41 is older than the 1.47 Hangar asked for',
    );
    const tooOld = httpError(400, {
      message:
        'client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version',
    });
    expect(describeReason(tooOld, { host: SOCK })).toBe(
      'it needs API version 1.44 or newer, and Hangar speaks at most 1.47',
    );
  });

  it('spots plain HTTP sent to a TLS port (the Go server answers in text)', () => {
    const text = 'Client sent an HTTP request to an HTTPS server.\n';
    const err = httpError(400, Buffer.from(text), text);
    expect(describeReason(err, { host: 'tcp://box:2376', path: '/_ping' })).toBe(
      'it expects TLS (set DOCKER_TLS_VERIFY=1 or use port 2376)',
    );
  });
});

describe('describeEngineError for TLS, ssh and our own errors', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'not signed by a trusted CA'],
    ['CERT_HAS_EXPIRED', 'has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'not for this host name'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'does not speak TLS'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'requires a client certificate'],
  ])('%s is named', (code, words) => {
    const reason = describeReason(errno(code, 'tls failure'), { host: 'tcp://box:2376' });
    expect(reason).toMatch(/^TLS error: /);
    expect(reason).toContain(words);
  });

  it('passes through an unlisted TLS error with its message', () => {
    const err = errno('ERR_SSL_NO_CIPHERS_AVAILABLE', 'no ciphers available\nat x');
    expect(describeReason(err, { host: 'tcp://box:2376' })).toBe('TLS error: no ciphers available');
  });

  it('explains an ssh authentication failure', () => {
    const err = Object.assign(new Error('All configured authentication methods failed'), {
      level: 'client-authentication',
    });
    expect(describeReason(err, { host: 'ssh://box:22' })).toContain('ssh authentication failed');
  });

  it('uses the words of our own version and protocol errors', () => {
    expect(
      describeReason(new EngineVersionError('its API version 1.30 is too old'), { host: SOCK }),
    ).toBe('its API version 1.30 is too old');
    expect(
      describeReason(new NotDockerApiError('its /version answer is not JSON'), { host: SOCK }),
    ).toBe('not a Docker API (its /version answer is not JSON)');
  });

  it('falls back to the first line of anything else', () => {
    expect(describeReason(new Error('strange\nstack'), { host: SOCK })).toBe('strange');
    expect(describeReason('just text', { host: SOCK })).toBe('just text');
  });
});

describe('describeEngineError on real connection failures', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hangar-describe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function pingError(socketPath: string): Promise<unknown> {
    try {
      await new Dockerode({ socketPath }).ping();
    } catch (err) {
      return err;
    }
    throw new Error('ping unexpectedly succeeded');
  }

  it('a socket path that does not exist', async () => {
    const socket = path.join(dir, 'missing.sock');
    expect(describeEngineError(await pingError(socket), { host: `unix://${socket}` })).toBe(
      `Cannot reach Docker at unix://${socket}: no such socket (is the engine running?)`,
    );
  });

  it('a file that nobody listens on', async () => {
    const socket = path.join(dir, 'stale.sock');
    writeFileSync(socket, '');
    expect(describeReason(await pingError(socket), { host: `unix://${socket}` })).toBe(
      'connection refused',
    );
  });

  it('a socket that does not speak HTTP', async () => {
    const socket = path.join(dir, 'garbage.sock');
    const conns = new Set<net.Socket>();
    const server = net.createServer((conn) => {
      conns.add(conn);
      conn.end('SSH-2.0-nope\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(describeReason(await pingError(socket), { host: `unix://${socket}` })).toBe(
        'not a Docker API (it does not answer HTTP)',
      );
    } finally {
      for (const conn of conns) conn.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
