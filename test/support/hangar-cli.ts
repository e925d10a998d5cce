/**
 * Runs the real `hangar` command (`node bin/hangar.mjs …`) as another process, stdin a closed pipe
 * (not a terminal, as in CI), and resolves with its exit code and output.
 */
import { spawn } from 'node:child_process';
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
export function runHangar(args: string[], env: NodeJS.ProcessEnv = {}): Promise<HangarRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HANGAR_BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}
