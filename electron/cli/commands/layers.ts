/**
 * The layer explorer on the command line: `hangar layers IMAGE`, `hangar files IMAGE [--layer N]`,
 * `hangar waste IMAGE [--lowest-efficiency R] [--highest-wasted SIZE]` (exits 1 naming the limit
 * an image breaks, for CI) and `hangar diff IMAGE_A IMAGE_B`. Each reads the engine only for
 * layers the store does not hold yet. `hangar layer-store [--max-size SIZE]` says what the store
 * holds and sets its bound.
 */
import {
  modeString,
  type ImageDiff,
  type ImageLayersView,
  type ImageTree,
  type LayerChanges,
  type LayerStoreInfo,
  type WasteReport,
} from '../../../shared/layers.js';
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { formatTable, humanSize, shortId } from '../format.js';
import type { CliDeps } from '../io.js';
import { parseSize } from './cache.js';
import { openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

function oneImage(positionals: readonly string[], command: string): string {
  const [image, extra] = positionals;
  if (image === undefined) throw new UsageError(`${command} needs an IMAGE`);
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  return image;
}

function signedSize(delta: number): string {
  return delta < 0 ? `-${humanSize(-delta)}` : `+${humanSize(delta)}`;
}

async function withCore<T>(
  host: string | undefined,
  deps: CliDeps,
  work: (core: Awaited<ReturnType<typeof openCore>>) => Promise<T>,
): Promise<T> {
  const core = await openCore(host, deps);
  try {
    await requireEngine(core);
    return await work(core);
  } finally {
    await core.close();
  }
}

export function layersTable(view: ImageLayersView): string {
  return formatTable(
    ['#', 'DIFF ID', 'SIZE', 'ADDED', 'CHANGED', 'REMOVED', 'STEP'],
    view.layers.map((l) => [
      String(l.index),
      shortId(l.diffId),
      humanSize(l.size),
      String(l.added),
      String(l.changed),
      String(l.removed),
      (l.step ?? '').replace(/\s+/g, ' ').trim(),
    ]),
  );
}

export const layersCommand = defineCommand({
  name: 'layers',
  summary:
    "List an image's layers: the step that made each, its size, what it adds/changes/removes.",
  usage: 'IMAGE [--json]',
  details: '  --json   Print {image, id, readFromDaemon, layers: [{index, diffId, step, size, …}]}',
  options: { json: { type: 'boolean' } },
  parse: (values, positionals) => ({
    image: oneImage(positionals, 'layers'),
    json: values.json ?? false,
  }),
  run: (cmd: { image: string; json: boolean } & CommonOptions, deps: CliDeps) =>
    withCore(cmd.host, deps, async (core) => {
      const view = await request(core, 'layers:image', cmd.image);
      deps.stdout.write(cmd.json ? `${JSON.stringify(view, null, 2)}\n` : layersTable(view));
      return 0;
    }),
});

export function treeTable(tree: ImageTree): string {
  return formatTable(
    ['MODE', 'SIZE', 'LAYER', 'PATH'],
    tree.files.map((f) => [
      modeString(f.type, f.mode),
      humanSize(f.size),
      String(f.layer),
      f.link !== null ? `${f.path} -> ${f.link}` : f.path,
    ]),
  );
}

export function changesTable(changes: LayerChanges): string {
  return formatTable(
    ['CHANGE', 'SIZE', 'PATH'],
    changes.changes.map((c) => [c.change, humanSize(c.size), c.path]),
  );
}

function parseLayer(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d{1,5}$/.test(text)) {
    throw new UsageError(`--layer is a layer number (0 is the oldest), not '${text}'`);
  }
  return Number(text);
}

export const filesCommand = defineCommand({
  name: 'files',
  summary: "List an image's merged files (or, with --layer, what one layer changed).",
  usage: 'IMAGE [--layer N] [--json]',
  details: `  --layer N   Only what layer N (0 = the oldest) adds, changes and removes
  --json      Print {image, id, files: [{path, type, mode, size, link, layer}]}
              (with --layer: {image, id, layer, changes: [{path, change, type, size, before}]})`,
  options: { layer: { type: 'string' }, json: { type: 'boolean' } },
  parse: (values, positionals) => ({
    image: oneImage(positionals, 'files'),
    layer: parseLayer(values.layer),
    json: values.json ?? false,
  }),
  run: (cmd: { image: string; layer: number | null; json: boolean } & CommonOptions, deps) =>
    withCore(cmd.host, deps, async (core) => {
      if (cmd.layer === null) {
        const tree = await request(core, 'layers:tree', cmd.image);
        deps.stdout.write(cmd.json ? `${JSON.stringify(tree, null, 2)}\n` : treeTable(tree));
      } else {
        const changes = await request(core, 'layers:changes', cmd.image, cmd.layer);
        deps.stdout.write(
          cmd.json ? `${JSON.stringify(changes, null, 2)}\n` : changesTable(changes),
        );
      }
      return 0;
    }),
});

export interface WasteCommand {
  image: string;
  json: boolean;
  lowestEfficiency: number | null;
  highestWasted: number | null;
}

/** The limits `report` breaks, in words (empty when none). */
export function brokenLimits(report: WasteReport, cmd: WasteCommand): string[] {
  const broken: string[] = [];
  if (cmd.lowestEfficiency !== null && report.efficiency < cmd.lowestEfficiency) {
    broken.push(
      `efficiency ${report.efficiency.toFixed(4)} is below --lowest-efficiency ${cmd.lowestEfficiency}`,
    );
  }
  if (cmd.highestWasted !== null && report.wastedBytes > cmd.highestWasted) {
    broken.push(
      `wasted ${humanSize(report.wastedBytes)} (${report.wastedBytes} bytes) is above --highest-wasted ${humanSize(cmd.highestWasted)}`,
    );
  }
  return broken;
}

export function wasteText(report: WasteReport): string {
  const head =
    `Efficiency: ${(report.efficiency * 100).toFixed(2)} %\n` +
    `Wasted: ${humanSize(report.wastedBytes)} (dive's figure: ${humanSize(report.diveWastedBytes)})\n`;
  if (report.worst.length === 0) return `${head}Nothing wasted.\n`;
  return `${head}\n${formatTable(
    ['WASTED', 'COPIES', 'LAYERS', 'PATH'],
    report.worst.map((f) => [
      humanSize(f.wastedBytes),
      String(f.copies),
      f.layers.join(','),
      f.path,
    ]),
  )}`;
}

function parseRatio(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!/^\d*\.?\d+$/.test(text.trim()) || !(n >= 0 && n <= 1)) {
    throw new UsageError(`--lowest-efficiency is a ratio from 0 to 1 such as 0.9, not '${text}'`);
  }
  return n;
}

export const wasteCommand = defineCommand({
  name: 'waste',
  summary: 'Show what an image wastes and its efficiency; exit 1 when a limit is broken.',
  usage: 'IMAGE [--lowest-efficiency 0.9] [--highest-wasted 20MB] [--json]',
  details: `  --lowest-efficiency R   Fail (exit 1) when the efficiency is below R (dive's score, 0 to 1)
  --highest-wasted SIZE   Fail (exit 1) when more than SIZE is wasted (20MB, 1GiB, bytes)
  --json                  Print {image, efficiency, wastedBytes, diveWastedBytes,
                          worst: [{path, copies, wastedBytes, layers}]}`,
  options: {
    json: { type: 'boolean' },
    'lowest-efficiency': { type: 'string' },
    'highest-wasted': { type: 'string' },
  },
  parse: (values, positionals): WasteCommand => ({
    image: oneImage(positionals, 'waste'),
    json: values.json ?? false,
    lowestEfficiency: parseRatio(values['lowest-efficiency']),
    highestWasted:
      values['highest-wasted'] === undefined
        ? null
        : parseSize(values['highest-wasted'], '--highest-wasted'),
  }),
  run: (cmd: WasteCommand & CommonOptions, deps) =>
    withCore(cmd.host, deps, async (core) => {
      const report = await request(core, 'layers:waste', cmd.image, {});
      deps.stdout.write(cmd.json ? `${JSON.stringify(report, null, 2)}\n` : wasteText(report));
      const broken = brokenLimits(report, cmd);
      for (const line of broken) deps.stderr.write(`hangar: ${cmd.image}: ${line}\n`);
      return broken.length > 0 ? 1 : 0;
    }),
});

export function diffText(diff: ImageDiff): string {
  const head =
    `${diff.a.image} (${shortId(diff.a.id)}, ${diff.a.layers} layers) → ${diff.b.image} (${shortId(diff.b.id)}, ${diff.b.layers} layers)\n` +
    `Shared: ${diff.sharedLayers.length} layers, ${humanSize(diff.sharedBytes)}\n` +
    `Files: ${diff.added} added, ${diff.removed} removed, ${diff.changed} changed, ${signedSize(diff.delta)}\n`;
  if (diff.files.length === 0) return head;
  return `${head}\n${formatTable(
    ['CHANGE', 'DELTA', 'PATH'],
    diff.files.map((f) => [f.change, signedSize(f.delta), f.path]),
  )}`;
}

export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'Compare two images: the layers they share and the files that differ.',
  usage: 'IMAGE_A IMAGE_B [--json]',
  details: `  --json   Print {a, b, sharedLayers, sharedBytes, added, removed, changed, delta,
           files: [{path, change, type, before, after, delta}]}`,
  options: { json: { type: 'boolean' } },
  parse: (values, positionals) => {
    const [a, b, extra] = positionals;
    if (a === undefined || b === undefined) throw new UsageError('diff needs IMAGE_A and IMAGE_B');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    return { a, b, json: values.json ?? false };
  },
  run: (cmd: { a: string; b: string; json: boolean } & CommonOptions, deps) =>
    withCore(cmd.host, deps, async (core) => {
      const diff = await request(core, 'layers:diff', cmd.a, cmd.b);
      deps.stdout.write(cmd.json ? `${JSON.stringify(diff, null, 2)}\n` : diffText(diff));
      return 0;
    }),
});

/** What the layer store holds against its bound, in one line. */
export function describeLayerStore(info: LayerStoreInfo): string {
  const what = `${info.layers} layer${info.layers === 1 ? '' : 's'} of ${info.images} image${info.images === 1 ? '' : 's'}`;
  return `Layer store: ${what}, ${humanSize(info.bytes)} of ${humanSize(info.maxBytes)} (least recently used layers go beyond that).\n`;
}

export const layerStoreCommand = defineCommand({
  name: 'layer-store',
  summary: 'Say how much the layer explorer keeps, and set its bound.',
  usage: '[--max-size SIZE] [--json]',
  details: [
    '  --max-size SIZE   Keep at most SIZE of layer indexes (e.g. 1GB); beyond it the least',
    '                    recently used layers go at once',
    '  --json            Print {layers, images, bytes, maxBytes}',
  ].join('\n'),
  options: { 'max-size': { type: 'string' }, json: { type: 'boolean' } },
  parse: (values, positionals) => {
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const max = values['max-size'];
    return {
      maxBytes: max === undefined ? null : parseSize(max, '--max-size'),
      json: values.json ?? false,
    };
  },
  // The store alone: no engine needed.
  run: async (cmd: { maxBytes: number | null; json: boolean } & CommonOptions, deps: CliDeps) => {
    const core = await openCore(cmd.host, deps);
    try {
      const info =
        cmd.maxBytes === null
          ? await request(core, 'layers:storeInfo')
          : await request(core, 'layers:setMaxBytes', cmd.maxBytes);
      deps.stdout.write(cmd.json ? `${JSON.stringify(info)}\n` : describeLayerStore(info));
      return 0;
    } finally {
      await core.close();
    }
  },
});
