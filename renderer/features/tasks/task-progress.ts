/**
 * Task progress, aggregated for the drawer: an overall fraction (from the task's percent, or its
 * items' bytes), each item's bar, a push's layers and bytes, a prune's images by outcome, and the
 * task's state in words. Pure functions, no DOM.
 */
import { formatBytes, formatCount, plural } from '../../lib/format.js';
import type { TaskInfo, TaskItemProgress } from '../../../shared/tasks.js';
import { readPruneStatus, type PruneItemStatus } from '../actions/words.js';

/** 0–1, or null when the task cannot tell (an indeterminate bar). */
export function taskFraction(task: TaskInfo): number | null {
  if (task.state === 'succeeded') return 1;
  const percent = task.progress.percent;
  if (percent !== null && Number.isFinite(percent)) return clamp(percent / 100);
  let current = 0;
  let total = 0;
  for (const item of task.progress.items) {
    if (item.total === null || item.total <= 0) continue;
    current += Math.min(item.current, item.total);
    total += item.total;
  }
  return total > 0 ? clamp(current / total) : null;
}

/** 0–1 for one item, or null when its total is unknown. */
export function itemFraction(item: TaskItemProgress): number | null {
  if (item.total === null || item.total <= 0) return null;
  return clamp(item.current / item.total);
}

/** A layer's last status, pushing or pulling: it is in the registry, or on the engine. */
const LAYER_DONE = /^(Pushed|Layer already exists|Mounted from .*|Already exists|Pull complete)$/;

/** The layer is done: pushed (or there already), or pulled and extracted (or there already). */
export function isLayerDone(status: string): boolean {
  return LAYER_DONE.test(status);
}

export interface LayerSummary {
  layers: number;
  done: number;
  /** Layers the registry had already (nothing sent). */
  existing: number;
  /** Bytes sent so far and to send, over the layers whose size is known. */
  current: number;
  total: number;
}

export function layerSummary(items: readonly TaskItemProgress[]): LayerSummary {
  const summary: LayerSummary = {
    layers: items.length,
    done: 0,
    existing: 0,
    current: 0,
    total: 0,
  };
  for (const item of items) {
    if (isLayerDone(item.status)) summary.done++;
    if (/already exists|^Mounted from/i.test(item.status)) summary.existing++;
    if (item.total !== null && item.total > 0) {
      summary.current += Math.min(item.current, item.total);
      summary.total += item.total;
    }
  }
  return summary;
}

/** `2 of 3 layers · 4.1 MB of 12 MB` (bytes only when some are known). */
export function layerLine(summary: LayerSummary): string {
  if (summary.layers === 0) return '';
  const head = `${formatCount(summary.done)} of ${plural(summary.layers, 'layer')}`;
  const bytes =
    summary.total > 0 ? ` · ${formatBytes(summary.current)} of ${formatBytes(summary.total)}` : '';
  const existing = summary.existing > 0 ? ` · ${formatCount(summary.existing)} already there` : '';
  return `${head}${bytes}${existing}`;
}

/**
 * A pull's layers. The daemon's stream opens with `{"status": "Pulling from REPO", "id": TAG}`,
 * which names the tag, not a layer: it is left out.
 */
export function pullLayerItems(items: readonly TaskItemProgress[]): TaskItemProgress[] {
  return items.filter((i) => !/^Pulling from /.test(i.status));
}

/** `1 layer downloaded`, `2 layers downloaded, 1 already on the engine`, or all already there. */
export function pullLayerWords(items: readonly TaskItemProgress[]): string {
  const layers = pullLayerItems(items);
  const existing = layers.filter((i) => /^Already exists$/i.test(i.status)).length;
  const downloaded = layers.length - existing;
  if (layers.length === 0) return 'no layer reported';
  if (downloaded === 0) return 'every layer already on the engine';
  const head = `${plural(downloaded, 'layer')} downloaded`;
  return existing > 0 ? `${head}, ${formatCount(existing)} already on the engine` : head;
}

export type PruneCounts = Record<PruneItemStatus, number>;

/** A prune's images by what happened to them so far. */
export function pruneCounts(items: readonly TaskItemProgress[]): PruneCounts {
  const counts: PruneCounts = {
    waiting: 0,
    deleting: 0,
    deleted: 0,
    skipped: 0,
    untagged: 0,
    failed: 0,
  };
  for (const item of items) counts[readPruneStatus(item.status).kind]++;
  return counts;
}

/** `12 deleted · 1 skipped · 3 to go`. */
export function pruneLine(counts: PruneCounts): string {
  const parts = [`${formatCount(counts.deleted)} deleted`];
  if (counts.untagged > 0) parts.push(`${formatCount(counts.untagged)} untagged only`);
  if (counts.skipped > 0) parts.push(`${formatCount(counts.skipped)} skipped`);
  if (counts.failed > 0) parts.push(`${formatCount(counts.failed)} failed`);
  const left = counts.waiting + counts.deleting;
  if (left > 0) parts.push(`${formatCount(left)} to go`);
  return parts.join(' · ');
}

/** `Running · 45%`, `Done`, `Failed`, `Cancelled`. */
export function stateWords(task: TaskInfo): string {
  switch (task.state) {
    case 'running': {
      const f = taskFraction(task);
      return f === null ? 'Running' : `Running · ${Math.floor(f * 100)}%`;
    }
    case 'succeeded':
      return 'Done';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

/** How many tasks are running. */
export function runningCount(tasks: readonly TaskInfo[]): number {
  return tasks.filter((t) => t.state === 'running').length;
}

/** `4 s`, `2 min 5 s`: how long a task ran (or has been running, given `now`). */
export function taskDuration(task: TaskInfo, nowMs: number): string {
  const ms = Math.max(0, (task.endedAt ?? nowMs) - task.startedAt);
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x));
}
