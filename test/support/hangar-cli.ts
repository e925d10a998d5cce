/**
 * Runs the real `hangar` command (`node bin/hangar.mjs …`) as another process, stdin a closed pipe
 * (not a terminal, as in CI): `runHangar` to the end, `startHangar` for a command that keeps
 * running (`events`, `web`) and is read while it runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HANGAR_BIN = path.join(ROOT, 'bin', 'hangar.mjs');

export interface HangarRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` is added to this process's environment (HANGAR_HOME, DOCKER_CONFIG…). */
export async function runHangar(args: string[], env: NodeJS.ProcessEnv = {}): Promise<HangarRun> {
  const cli = startHangar(args, env);
  const code = await cli.exit;
  return { code, stdout: cli.stdout, stderr: cli.stderr };
}

/** Starts `hangar ARGS` and returns at once; `env` as for `runHangar`. */
export function startHangar(args: string[], env: NodeJS.ProcessEnv = {}): HangarProcess {
  return new HangarProcess(args, env);
}

/** A running `hangar` command: its output so far, its exit, and waits on what it prints. */
export class HangarProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exit: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [HANGAR_BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    this.child.stdout?.setEncoding('utf8').on('data', (t: string) => this.feed('stdout', t));
    this.child.stderr?.setEncoding('utf8').on('data', (t: string) => this.feed('stderr', t));
    this.exit = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
    this.child.stdin?.end();
  }

  private feed(stream: 'stdout' | 'stderr', text: string): void {
    this[stream] += text;
    for (const w of [...this.waiters]) w();
  }

  /**
   * Waits until `test` finds something in the output so far; rejects after `timeoutMs`, or as soon
   * as the process exits without it, with both outputs in the message.
   */
  waitFor<T>(test: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        this.waiters.delete(check);
        clearTimeout(timer);
        reject(
          new Error(`${why} waiting for ${what}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`),
        );
      };
      const check = () => {
        const found = test();
        if (found === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => fail('timed out'), timeoutMs);
      this.waiters.add(check);
      void this.exit.then((code) => {
        if (this.waiters.has(check)) fail(`exited with ${code}`);
      });
      check();
    });
  }

  /** Waits until stderr holds a line matching `pattern`; resolves with that line. */
  waitForStderr(pattern: RegExp, what: string, timeoutMs?: number): Promise<string> {
    return this.waitFor(
      () => this.stderr.split('\n').find((line) => pattern.test(line)),
      what,
      timeoutMs,
    );
  }

  /** The first complete JSON line of stdout that satisfies `match`. */
  waitForJson<T>(match: (value: T) => boolean, what: string): Promise<T> {
    return this.waitFor(() => {
      for (const value of this.jsonLines<T>()) if (match(value)) return value;
      return undefined;
    }, what);
  }

  /** Every complete line of stdout so far, parsed as JSON. */
  jsonLines<T>(): T[] {
    return this.stdout
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as T);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}
