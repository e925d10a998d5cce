// Runs the docker CLI against one given daemon: never the machine's default socket, never the
// user's ~/.docker (each daemon dir has its own CLI config dir).
import { spawn } from 'node:child_process';

export interface DockerRunOptions {
  input?: string | Buffer;
  /** Resolve even on a non-zero exit code (the caller reads `code`). */
  allowFail?: boolean;
  /** Kill the CLI after this long (default 120 s). */
  timeoutMs?: number;
  /** Extra environment, e.g. { DOCKER_BUILDKIT: '0' }. */
  env?: Record<string, string>;
  /** Working directory of the CLI (e.g. a build context). */
  cwd?: string;
}

export interface DockerRunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class DockerCliError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`docker ${args.join(' ')} exited with ${code}: ${stderr.trim() || stdout.trim()}`);
    this.name = 'DockerCliError';
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** `docker -H host ...args` with DOCKER_CONFIG set to `configDir`. */
export function runDockerCli(
  host: string,
  configDir: string,
  args: string[],
  opts: DockerRunOptions = {},
): Promise<DockerRunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: configDir, ...opts.env };
  for (const key of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) {
    delete env[key];
  }
  const argv = ['-H', host, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('docker', argv, {
      env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(`cannot run docker (install the Debian package docker.io): ${error.message}`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      let stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) stderr += `\n(killed after ${timeoutMs} ms)`;
      const exitCode = code ?? (signal ? 128 : 1);
      if (exitCode !== 0 && !opts.allowFail) {
        reject(new DockerCliError(args, exitCode, stdout, stderr));
      } else {
        resolve({ stdout, stderr, code: exitCode });
      }
    });
    child.stdin.on('error', () => {
      // the CLI may exit before reading all its input; the exit code tells what happened
    });
    child.stdin.end(opts.input ?? '');
  });
}
