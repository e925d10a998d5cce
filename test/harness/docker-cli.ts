// Runs the docker CLI against one given daemon: never the machine's default socket, never the
// user's ~/.docker (each daemon dir has its own CLI config dir). `runTool` runs any engine CLI
// the same way (the Podman harness runs `podman` with it).
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

/** A CLI run that exited non-zero: which program, its arguments, exit code and output. */
export class CliRunError extends Error {
  constructor(
    readonly program: string,
    readonly args: string[],
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${program} ${args.join(' ')} exited with ${code}: ${stderr.trim() || stdout.trim()}`);
    this.name = 'CliRunError';
  }
}

export class DockerCliError extends CliRunError {
  constructor(args: string[], code: number, stdout: string, stderr: string) {
    super('docker', args, code, stdout, stderr);
    this.name = 'DockerCliError';
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;
const ENGINE_ENV = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];

/** `docker -H host ...args` with DOCKER_CONFIG set to `configDir`. */
export function runDockerCli(
  host: string,
  configDir: string,
  args: string[],
  opts: DockerRunOptions = {},
): Promise<DockerRunResult> {
  return runTool(
    { program: 'docker', debianPackage: 'docker.io', env: { DOCKER_CONFIG: configDir } },
    ['-H', host],
    args,
    opts,
    (code, stdout, stderr) => new DockerCliError(args, code, stdout, stderr),
  );
}

export interface Tool {
  program: string;
  /** Named in the error when the program cannot be run. */
  debianPackage: string;
  /** Environment the tool always gets (on top of ours, without DOCKER_HOST and its kin). */
  env: Record<string, string>;
}

/**
 * Runs `program ...fixedArgs ...args`; rejects with `fail(...)` on a non-zero exit unless
 * opts.allowFail. DOCKER_HOST and its kin are never passed on: each run names its engine itself.
 */
export function runTool(
  tool: Tool,
  fixedArgs: string[],
  args: string[],
  opts: DockerRunOptions,
  fail: (code: number, stdout: string, stderr: string) => Error,
): Promise<DockerRunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...tool.env, ...opts.env };
  for (const key of ENGINE_ENV) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(tool.program, [...fixedArgs, ...args], {
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
        new Error(
          `cannot run ${tool.program} (install the Debian package ${tool.debianPackage}): ${error.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      let stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) stderr += `\n(killed after ${timeoutMs} ms)`;
      const exitCode = code ?? (signal ? 128 : 1);
      if (exitCode !== 0 && !opts.allowFail) {
        reject(fail(exitCode, stdout, stderr));
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
