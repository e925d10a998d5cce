/** What `hangar build` prints: the progress as the build goes, the outcome in words or JSON. */
import type { BuildOutcome, ChangedInput } from '../../../shared/artifacts.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import type { Core } from '../../core/core.js';
import { onEvent } from '../core-client.js';
import { shortId } from '../format.js';
import type { CliDeps } from '../io.js';
import type { BuildProgress } from './build-args.js';

/** The JSON `hangar build --json` prints. */
export interface BuildJson {
  artifact: string;
  key: string;
  status: BuildOutcome['status'];
  level: BuildOutcome['level'];
  imageId: string;
  tags: string[];
  durationMs: number;
  reason: string | null;
  changedInputs: ChangedInput[];
  levels: BuildOutcome['levels'];
  moved: BuildOutcome['moved'];
  pulled: boolean;
  remoteTags: string[];
  pushed: BuildOutcome['pushed'];
  pushError: string | null;
  builder: BuildOutcome['builder'];
  buildId: string | null;
  buildRecordId: number | null;
  steps: BuildOutcome['steps'];
  cachedSteps: number | null;
  totalSteps: number | null;
  cacheBrokeAt: string | null;
}

export function toBuildJson(o: BuildOutcome): BuildJson {
  return {
    artifact: o.artifact,
    key: o.key,
    status: o.status,
    level: o.level,
    imageId: o.imageId,
    tags: o.tags,
    durationMs: Math.round(o.durationMs * 10) / 10,
    reason: o.reason,
    changedInputs: o.changedInputs,
    levels: o.levels.map((l) => ({ ...l, durationMs: Math.round(l.durationMs * 10) / 10 })),
    moved: o.moved,
    pulled: o.pulled,
    remoteTags: o.remoteTags,
    pushed: o.pushed,
    pushError: o.pushError,
    builder: o.builder,
    buildId: o.buildId,
    buildRecordId: o.buildRecordId,
    steps: o.steps,
    cachedSteps: o.cachedSteps,
    totalSteps: o.totalSteps,
    cacheBrokeAt: o.cacheBrokeAt,
  };
}

/**
 * Follows the build task of this core: listens before the build starts (a HIT can end before the
 * request even returns), prints each new progress line to `stderr` (null: quiet), and resolves
 * with the task once it has ended.
 */
export function followBuild(
  core: Core,
  stderr: CliDeps['stderr'] | null,
  progress: BuildProgress = 'auto',
) {
  const ended = new Map<string, TaskInfo>();
  const waiters = new Map<string, (t: TaskInfo) => void>();
  let lastMessage = '';
  /** Each step's last status said (plain, json). */
  const said = new Map<string, string>();
  const steps = (t: TaskInfo) => {
    if (stderr === null) return;
    for (const item of t.progress.items) {
      const key = `${item.label}\0${item.status}`;
      if (said.get(item.id) === key) continue;
      said.set(item.id, key);
      if (progress === 'json') {
        const cached = item.label.endsWith(' (CACHED)');
        stderr.write(
          `${JSON.stringify({ step: item.label.replace(/ \(CACHED\)$/, ''), cached, status: item.status })}\n`,
        );
      } else if (item.status === 'done' || item.status === 'failed') {
        stderr.write(
          `${item.label.replace(/ \(CACHED\)$/, '')}${item.label.endsWith(' (CACHED)') ? ' CACHED' : ''} ${item.status === 'failed' ? 'FAILED' : ''}`.trimEnd() +
            '\n',
        );
      }
    }
  };
  const end = (t: TaskInfo) => {
    if (t.kind === 'build' && progress !== 'auto') steps(t);
    ended.set(t.id, t);
    waiters.get(t.id)?.(t);
  };
  const offs = [
    onEvent(core, 'task:progress', (t) => {
      if (t.kind !== 'build') return;
      if (progress !== 'auto') return steps(t);
      if (stderr === null || t.progress.message === lastMessage) return;
      lastMessage = t.progress.message;
      stderr.write(`${lastMessage}\n`);
    }),
    onEvent(core, 'task:done', end),
    onEvent(core, 'task:failed', end),
  ];
  return {
    wait: (id: string) =>
      new Promise<TaskInfo>((resolve) => {
        const done = ended.get(id);
        if (done) resolve(done);
        else waiters.set(id, resolve);
      }),
    stop: () => offs.forEach((off) => off()),
  };
}

const KIND_WORDS: Record<ChangedInput['kind'], string> = {
  file: '',
  buildArg: 'build arg ',
  dockerfile: 'Dockerfile ',
  config: '',
};

export function describeOutcome(o: BuildOutcome): string {
  const lines: string[] = [];
  const ms = (n: number) => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`);
  const remote = o.levels.filter((l) => l.level !== 'local');
  if (o.moved) lines.push(`warning: ${o.moved.reference}: ${o.moved.message}`);
  if (!o.built) {
    const where =
      o.level === 'local'
        ? ''
        : o.pulled
          ? ` from the ${o.level} cache, pulled`
          : ` in the ${o.level} cache, not pulled`;
    lines.push(
      `HIT ${o.artifact}:${o.key.slice(0, 12)}${where} → ${shortId(o.imageId)} (${ms(o.durationMs)}, no build)`,
    );
  } else {
    lines.push(
      `${o.status} ${o.artifact}:${o.key.slice(0, 12)}${o.reason ? ` (${o.reason})` : ''}`,
    );
    for (const c of o.changedInputs) {
      lines.push(`  ${c.change.padEnd(8)}  ${KIND_WORDS[c.kind]}${c.name}`);
    }
    lines.push(
      `built ${shortId(o.imageId)} in ${ms(o.durationMs)}${o.nocache ? ' (without the layer cache)' : ''}`,
    );
    if (o.builder !== null && o.totalSteps !== null) {
      lines.push(`  ${o.builder}: ${o.cachedSteps ?? 0}/${o.totalSteps} Dockerfile steps cached`);
    }
    if (o.cacheBrokeAt) lines.push(`  ${o.cacheBrokeAt}`);
  }
  for (const l of remote) {
    if (l.status !== 'HIT') lines.push(`  ${l.level} cache: ${l.status} (${l.reason ?? ''})`);
  }
  if (o.pushed) {
    lines.push(
      `pushed ${o.pushed.reference} (${o.pushed.alreadyPushed ? 'already there' : o.pushed.digest})`,
    );
  }
  if (o.pushError) lines.push(`warning: ${o.pushError}`);
  if (o.remoteTags.length > 0) lines.push(`tagged in the registry: ${o.remoteTags.join(', ')}`);
  if (o.tags.length > 0) lines.push(`tags: ${o.tags.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
