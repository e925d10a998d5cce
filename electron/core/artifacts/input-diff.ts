/** What changed between two keys of one artifact, and the miss reason in words. */
import type { ChangedInput, InputDigest, InputKind } from '../../../shared/artifacts.js';
import { byName } from './artifact-key.js';

const KIND_ORDER: Record<InputKind, number> = { config: 0, buildArg: 1, dockerfile: 2, file: 3 };

/** Inputs added, removed or modified from `before` to `after`, in a stable order. */
export function diffInputs(
  before: readonly InputDigest[],
  after: readonly InputDigest[],
): ChangedInput[] {
  const id = (i: InputDigest) => `${i.kind}\0${i.name}`;
  const old = new Map(before.map((i) => [id(i), i]));
  const out: ChangedInput[] = [];
  for (const i of after) {
    const prev = old.get(id(i));
    old.delete(id(i));
    if (!prev) out.push({ kind: i.kind, name: i.name, change: 'added' });
    else if (prev.digest !== i.digest) out.push({ kind: i.kind, name: i.name, change: 'modified' });
  }
  for (const i of old.values()) out.push({ kind: i.kind, name: i.name, change: 'removed' });
  // A different Dockerfile path moves the `dockerfile` input too: say it once, as the path.
  const pathMoved = out.some((c) => c.kind === 'config' && c.name === 'dockerfilePath');
  const kept = pathMoved ? out.filter((c) => c.kind !== 'dockerfile') : out;
  return kept.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byName(a.name, b.name));
}

const CONFIG_WORDS: Record<string, string> = {
  name: 'artifact name',
  dockerfilePath: 'Dockerfile path',
  target: 'target',
  platform: 'platform',
};

function list(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * `inputs changed: Dockerfile, 3 files, build arg VERSION` — one file is named
 * (`file src/app.js`), several are counted; build args and config fields are named.
 */
export function describeChanges(changes: readonly ChangedInput[]): string {
  if (changes.length === 0) return 'inputs changed';
  const parts: string[] = [];
  const config = changes
    .filter((c) => c.kind === 'config')
    .map((c) => CONFIG_WORDS[c.name] ?? c.name);
  if (config.length > 0) parts.push(list(config));
  if (changes.some((c) => c.kind === 'dockerfile')) parts.push('Dockerfile');
  const files = changes.filter((c) => c.kind === 'file');
  if (files.length === 1 && files[0]) parts.push(`file ${files[0].name}`);
  else if (files.length > 1) parts.push(`${files.length} files`);
  const args = changes.filter((c) => c.kind === 'buildArg').map((c) => c.name);
  if (args.length === 1) parts.push(`build arg ${args[0]}`);
  else if (args.length > 1) parts.push(`build args ${list(args)}`);
  return `inputs changed: ${parts.join(', ')}`;
}
