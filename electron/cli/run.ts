/** Parses the command line, runs one command, and turns every outcome into an exit code. */
import { parseCli, USAGE } from './args.js';
import { eventsCommand } from './commands/events.js';
import { imagesCommand } from './commands/images.js';
import { webCommand } from './commands/web.js';
import { reportError } from './errors.js';
import type { CliDeps } from './io.js';

export async function run(argv: readonly string[], deps: CliDeps, debug = false): Promise<number> {
  try {
    const cmd = parseCli(argv);
    switch (cmd.name) {
      case 'help':
        deps.stdout.write(USAGE);
        return 0;
      case 'images':
        return await imagesCommand(cmd, deps);
      case 'events':
        return await eventsCommand(cmd, deps);
      case 'web':
        return await webCommand(cmd, deps);
    }
  } catch (err) {
    return reportError(err, deps.stderr, debug);
  }
}
