/** Starts `hangar web` as a user would (the real CLI, in its own process) and reads its URL. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface WebHostProcess {
  /** The URL with the token, as printed. */
  url: string;
  origin: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

export interface WebHostOptions {
  /** How the engine is named: `--host` (the default) or `DOCKER_HOST`, as a user points at one. */
  via?: '--host' | 'DOCKER_HOST';
  /** Variables set for the process on top of this process's environment (e.g. `HANGAR_HOME`). */
  env?: Record<string, string>;
}

/** `hangar web` on the engine at `dockerHost`, in its own process. */
export async function startWebHostProcess(
  dockerHost: string,
  opts: WebHostOptions = {},
): Promise<WebHostProcess> {
  const byEnv = opts.via === 'DOCKER_HOST';
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/hangar.mjs', 'web', '--no-open', '--port', '0', ...(byEnv ? [] : ['--host', dockerHost])],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env, ...(byEnv ? { DOCKER_HOST: dockerHost } : {}) },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`hangar web printed no URL: ${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hangar web exited with ${code}: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
