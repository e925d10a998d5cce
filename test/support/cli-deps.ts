/**
 * For the CLI's specs: the outside world of a command (`CliDeps`) around a given core, with stdin
 * a terminal or not and a ready answer to any question; what the command printed and asked.
 */
import type { Core } from '../../electron/core/core.js';
import type { CliDeps } from '../../electron/cli/io.js';

export function fakeCliDeps(core: Core, interactive: boolean, answer = '') {
  let out = '';
  let err = '';
  const asked: string[] = [];
  const d: CliDeps = {
    createCore: async () => core,
    startWebHost: async () => {
      throw new Error('no web');
    },
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    waitForStop: () => new Promise(() => {}),
    openBrowser: () => {},
    now: () => 0,
    packageRoot: '/pkg',
    isInteractive: () => interactive,
    ask: async (q) => {
      asked.push(q);
      return answer;
    },
  };
  return { d, out: () => out, err: () => err, asked };
}
