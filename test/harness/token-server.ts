// A small token server for a real docker-registry in token-auth mode (distribution's
// `docs/spec/auth/token.md`): `GET /token?service=&scope=…` with Basic credentials (or none)
// answers `{ token, access_token, expires_in }`, a JWT signed RS256 with a key whose self-signed
// certificate (made with openssl) is the registry's `rootcertbundle` and travels in the `x5c`
// header. The right user gets every action asked; anonymous callers get `pull` only; a wrong
// password gets 401. Every request is logged, so tests can see what was asked.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createSign, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RegistryTokenAuth } from './registry.js';

export interface TokenServer {
  /** What `startRegistry({ token })` needs. */
  readonly auth: RegistryTokenAuth;
  /** `GET /token` requests seen: `{ user, scopes }` (user `-` when anonymous). */
  readonly requests: Array<{ user: string; scopes: string[] }>;
  stop(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startTokenServer(user: string, password: string): Promise<TokenServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hangar-token-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=hangar-test-token-issuer',
    ],
    { stdio: 'ignore' },
  );
  const key = createPrivateKey(readFileSync(keyFile));
  const certDer = new X509Certificate(readFileSync(certFile)).raw.toString('base64');
  const issuer = 'hangar-test-issuer';
  const service = 'hangar-test-registry';
  const requests: TokenServer['requests'] = [];

  const sign = (claims: Record<string, unknown>): string => {
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [certDer] }));
    const body = b64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key);
    return `${header}.${body}.${b64url(signature)}`;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    const auth = req.headers.authorization ?? '';
    let who = '-';
    if (auth.startsWith('Basic ')) {
      const [u, p] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      if (u !== user || p !== password) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad login"}');
        return;
      }
      who = u;
    }
    // `scope` may repeat, and one value may hold several scopes separated by spaces.
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ').filter(Boolean));
    requests.push({ user: who, scopes });
    const access = scopes.flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      if (type !== 'repository' || !name || !actions) return [];
      const asked = actions.split(',');
      const granted = who === '-' ? asked.filter((a) => a === 'pull') : asked;
      return [{ type, name, actions: granted }];
    });
    const now = Math.floor(Date.now() / 1000);
    const token = sign({
      iss: issuer,
      sub: who === '-' ? '' : who,
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access,
    });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    auth: { realm: `http://127.0.0.1:${port}/token`, service, issuer, rootCertBundle: certFile },
    requests,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
