/** The real outside world of the CLI: signals, the browser, the package folder. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';

/** Resolves on the first SIGINT or SIGTERM (and stops listening for them). */
export function waitForStop(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** The command that opens a URL in the default browser on this platform. */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  return ['xdg-open', [url]];
}

/** Best effort: a missing opener or a failure is ignored (the URL is printed anyway). */
export function openBrowser(url: string): void {
  const [command, args] = browserCommand(url);
  try {
    const child = spawn(command, args, {
      stdio: 'ignore',
      detached: true,
      windowsHide: true,
      // cmd's `start "" URL` needs its quotes as written.
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    // ignored: the user can open the printed URL
  }
}

/** The nearest folder above `start` whose package.json is Hangar's. */
export function findPackageRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (pkg.name === 'hangar') return dir;
      } catch {
        // not ours: keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Whether stdin is a terminal (so a question can be asked). */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY);
}

/** Asks one question on the terminal (prompt on stderr, so stdout stays clean for data). */
export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
