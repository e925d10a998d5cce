/** What a command needs from the outside world, injected so commands can be tested with fakes. */
import type { Core, CoreOptions } from '../core/core.js';
import type { WebHost, WebHostOptions } from '../web/server.js';

export interface Output {
  write(text: string): unknown;
}

export interface CliDeps {
  createCore(options: CoreOptions): Promise<Core>;
  startWebHost(options: WebHostOptions): Promise<WebHost>;
  stdout: Output;
  stderr: Output;
  /** Resolves when the user asks to stop (SIGINT, SIGTERM). */
  waitForStop(): Promise<void>;
  openBrowser(url: string): void;
  /** Unix ms. */
  now(): number;
  /** The package root, for the default `--static` (dist/renderer). */
  packageRoot: string;
  /** True when stdin is a terminal someone can answer a question on (absent: never). */
  isInteractive?(): boolean;
  /** Asks one question on the terminal and resolves with the answer line. */
  ask?(question: string): Promise<string>;
}
