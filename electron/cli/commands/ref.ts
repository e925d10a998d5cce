/** `hangar ref NAME… [--json]`: how names parse and normalise (the distribution grammar). */
import { parseReference } from '../../../shared/reference.js';
import { UsageError } from '../errors.js';
import type { CliDeps } from '../io.js';
import { defineCommand } from './types.js';

export interface RefCommand {
  names: string[];
  json: boolean;
}

export type RefJson =
  | {
      input: string;
      valid: true;
      domain: string;
      path: string;
      tag: string | null;
      digest: string | null;
      familiar: string;
      full: string;
    }
  | { input: string; valid: false; error: string };

export function refJson(input: string): RefJson {
  const r = parseReference(input);
  if (!r.ok) return { input, valid: false, error: r.error };
  const { domain, path, tag, digest, familiar, full } = r.ref;
  return { input, valid: true, domain, path, tag, digest, familiar, full };
}

export const refCommand = defineCommand({
  name: 'ref',
  summary: 'Show how image names parse and normalise (docker.io/library/…:latest).',
  usage: 'NAME... [--json]',
  details: `  --json   Print [{input, valid, domain, path, tag, digest, familiar, full}]
           or {input, valid: false, error} for a name the grammar refuses`,
  options: { json: { type: 'boolean' } },
  parse: (values, positionals): RefCommand => {
    if (positionals.length === 0) throw new UsageError('ref needs at least one NAME');
    return { names: positionals, json: values.json ?? false };
  },
  run: async (cmd: RefCommand, deps: CliDeps) => {
    const results = cmd.names.map(refJson);
    if (cmd.json) deps.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else {
      for (const r of results) {
        deps.stdout.write(
          r.valid
            ? `${r.input}\t${r.full}\t(${r.familiar})\n`
            : `${r.input}\tinvalid: ${r.error}\n`,
        );
      }
    }
    return results.every((r) => r.valid) ? 0 : 2;
  },
});
