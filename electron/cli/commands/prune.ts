/**
 * `hangar prune [--all] [--until 24h] [--filter label=k=v] [--dry-run] [--yes] [--json]`: a preview
 * (exactly what will go), then, with `--yes` or a yes on the terminal, the deletion of exactly that
 * set. Without `--yes` and without a terminal it refuses.
 */
import {
  parseLabelFilter,
  parseUntil,
  UNTIL_HELP,
  type PruneOptions,
  type PrunePreview,
  type PruneReport,
} from '../../../shared/actions.js';
import { request } from '../core-client.js';
import { CliError, UsageError } from '../errors.js';
import { formatTable, humanSize, shortId } from '../format.js';
import type { CliDeps } from '../io.js';
import { confirmDelete, noPositionals, nothingDeleted, openCore, requireEngine } from './common.js';
import { followCancellable } from './tasks.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface PruneCommand {
  options: PruneOptions;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
}

/** `--filter` values: `label=k[=v]`, `label!=k[=v]`, `until=T` (as `docker image prune`). */
export function applyFilter(options: PruneOptions, filter: string): PruneOptions {
  const [key, value] = filter.startsWith('label!=')
    ? ['label!', filter.slice('label!='.length)]
    : [filter.slice(0, Math.max(0, filter.indexOf('='))), filter.slice(filter.indexOf('=') + 1)];
  if (key === 'label' || key === 'label!') {
    if (parseLabelFilter(value) === null) {
      throw new UsageError(`--filter ${key}= needs a key or key=value, not '${value}'`);
    }
    return key === 'label'
      ? { ...options, labels: [...(options.labels ?? []), value] }
      : { ...options, notLabels: [...(options.notLabels ?? []), value] };
  }
  if (key === 'until') return { ...options, until: checkUntil(value) };
  throw new UsageError(`unknown filter '${filter}' (use label=, label!= or until=)`);
}

function checkUntil(value: string): string {
  if (parseUntil(value, Date.now()) === null) {
    throw new UsageError(`--until '${value}' is not a time. ${UNTIL_HELP}`);
  }
  return value;
}

export function previewJson(p: PrunePreview) {
  return {
    mode: p.options.mode,
    images: p.images.map((i) => ({ id: i.id, tags: i.tags, size: i.size })),
    reclaimBytes: p.reclaimBytes,
    skipped: p.skipped.map((s) => ({ id: s.id, reason: s.reason })),
  };
}

export function reportJson(r: PruneReport) {
  return {
    deleted: r.deleted,
    untagged: r.untagged.map((u) => u.id),
    skipped: r.skipped.map((s) => ({ id: s.id, reason: s.reason })),
    failed: r.failed.map((f) => ({ id: f.id, error: f.error })),
    reclaimedBytes: r.reclaimedBytes,
  };
}

function previewText(p: PrunePreview): string {
  const rows = p.images.map((i) => [
    shortId(i.id),
    i.tags.join(', ') || (i.role === 'parent' ? '<none> (parent)' : '<none>'),
    humanSize(i.ownBytes),
  ]);
  let text = p.images.length > 0 ? formatTable(['IMAGE ID', 'TAGS', 'FREES'], rows) : '';
  for (const s of p.skipped) text += `skip ${shortId(s.id)} ${s.tags.join(', ')}: ${s.reason}\n`;
  return text;
}

function summary(p: PrunePreview): string {
  const n = p.images.length;
  return `${n} image${n === 1 ? '' : 's'} (up to ${humanSize(p.reclaimBytes)})`;
}

export const pruneCommand = defineCommand({
  name: 'prune',
  summary: 'Delete dangling (or, with --all, all unused) images: exactly what the preview shows.',
  usage: '[--all] [--until 24h] [--filter label=k=v] [--dry-run] [--yes] [--json]',
  details: `  -a, --all          All unused images (no container uses them), not just dangling ones
  --until T          Only images created before T: 24h, 7d, 1h30m, 2026-01-31, RFC 3339
  --filter F         label=k, label=k=v, label!=k[=v], until=T (repeatable)
  --dry-run          Print what would be deleted and stop
  -y, --yes          Do not ask (required when stdin is not a terminal)
  --json             Print JSON: the preview with --dry-run, else the report`,
  options: {
    all: { type: 'boolean', short: 'a' },
    until: { type: 'string' },
    filter: { type: 'string', multiple: true, short: 'f' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
  },
  parse: (values, positionals): PruneCommand => {
    noPositionals(positionals);
    let options: PruneOptions = { mode: values.all ? 'unused' : 'dangling' };
    if (values.until !== undefined) options = { ...options, until: checkUntil(values.until) };
    for (const f of values.filter ?? []) options = applyFilter(options, f);
    return {
      options,
      dryRun: values['dry-run'] ?? false,
      yes: values.yes ?? false,
      json: values.json ?? false,
    };
  },
  run: runPrune,
});

async function runPrune(cmd: PruneCommand & CommonOptions, deps: CliDeps): Promise<number> {
  const stop = deps.waitForStop();
  const core = await openCore(cmd.host, deps);
  try {
    await requireEngine(core);
    const preview = await request(core, 'images:prunePreview', cmd.options);
    if (cmd.dryRun) {
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(previewJson(preview), null, 2)}\n`
          : `${previewText(preview)}Would delete ${summary(preview)}.\n`,
      );
      return 0;
    }
    const show = () => {
      if (!cmd.json) deps.stderr.write(previewText(preview));
    };
    if (
      preview.images.length > 0 &&
      !(await confirmDelete(deps, cmd.yes, summary(preview), show))
    ) {
      throw nothingDeleted();
    }
    const printed = new Set<string>();
    // Ctrl+C: stop between images (the ones in flight finish).
    const task = await followCancellable(
      core,
      stop,
      () => request(core, 'images:prune', preview.id),
      (t) => {
        for (const item of t.progress.items) {
          if (item.current < 1 || printed.has(item.id)) continue;
          printed.add(item.id);
          deps.stderr.write(`${item.status} ${item.label}\n`);
        }
      },
    );
    if (task.state === 'cancelled' || !task.result) {
      const deleted = task.progress.items.filter((i) => i.status === 'deleted').length;
      throw new CliError(
        `the prune was cancelled after deleting ${deleted} image(s)`,
        'CANCELLED',
        130,
      );
    }
    const report = task.result;
    if (cmd.json) deps.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
    else {
      for (const id of report.deleted) deps.stdout.write(`Deleted: ${id}\n`);
      for (const u of report.untagged) deps.stdout.write(`Untagged only: ${u.id} (${u.reason})\n`);
      for (const s of report.skipped) deps.stdout.write(`Skipped: ${s.id} (${s.reason})\n`);
      for (const f of report.failed) deps.stdout.write(`Failed: ${f.id} (${f.error})\n`);
      deps.stdout.write(`Total reclaimed space: ${humanSize(report.reclaimedBytes)}\n`);
    }
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await core.close();
  }
}
