/**
 * A build through the cache in words: durations in ms or s, the headline (HIT in 4 ms, MISS and
 * built in 1.2 s), and each changed input (`modified src/a.txt`, `changed build arg VERSION`).
 * Pure functions, no DOM.
 */
import type { BuildOutcome, LevelOutcome, ChangedInput } from '../../../shared/artifacts.js';
import type { TaskInfo } from '../../../shared/tasks.js';

/** `0.4 ms`, `12 ms`, `1.2 s`, `2 min 5 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** What the status pill is followed by: `in 4 ms: no build needed`, `built in 1.2 s`. */
export function outcomeHeadline(o: BuildOutcome): string {
  if (!o.built && o.level !== 'local') {
    return o.pulled
      ? `in the ${o.level} registry cache: pulled in ${formatMs(o.durationMs)}, no build needed`
      : `in the ${o.level} registry cache: left there (no pull), no build needed`;
  }
  if (!o.built) return `in ${formatMs(o.durationMs)}: no build needed`;
  if (o.status === 'HIT_TOO_OLD') {
    return `too old: rebuilt without the layer cache in ${formatMs(o.durationMs)}`;
  }
  return `built in ${formatMs(o.durationMs)}`;
}

/** Terminal colour codes (the builder colours a step's stderr) taken out of output text. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

/** The classic builder's own bookkeeping lines, not a step's output. */
const BUILDER_NOISE = /^( ---> |Removing intermediate container |Successfully (built|tagged) )/;

/** A failing step's output as a person reads it: no colour codes, no builder bookkeeping. */
export function cleanBuildOutput(text: string): string {
  return stripAnsi(text)
    .split('\n')
    .filter((line) => !BUILDER_NOISE.test(line))
    .join('\n')
    .trimEnd();
}

/**
 * The core's `The build failed at step 2/3 (RUN make): The command … returned a non-zero code: 2`
 * in parts, or null when the message has another form.
 */
export function splitBuildFailure(
  message: string,
): { step: string; instruction: string; error: string } | null {
  const m = /^The build failed at step (\d+\/\d+) \((.*?)\): (.*)$/s.exec(message);
  if (!m) return null;
  return { step: m[1] ?? '', instruction: m[2] ?? '', error: m[3] ?? '' };
}

const CONFIG_WORDS: Record<string, string> = {
  name: 'artifact name',
  dockerfilePath: 'Dockerfile path',
  target: 'build target',
  platform: 'platform',
};

/** The input's name as a user knows it. */
export function inputName(c: ChangedInput): string {
  switch (c.kind) {
    case 'file':
      return c.name;
    case 'buildArg':
      return `build arg ${c.name}`;
    case 'dockerfile':
      return c.name === 'Dockerfile' ? 'Dockerfile' : `Dockerfile (${c.name})`;
    case 'config':
      return CONFIG_WORDS[c.name] ?? c.name;
  }
}

/** What happened to it: a build arg or a setting is `changed` when modified. */
export function changeWord(c: ChangedInput): string {
  if (c.change === 'modified') return c.kind === 'file' ? 'modified' : 'changed';
  return c.change;
}

/** The build's step list as the task reports it: `Step 2/3: COPY . /app/`, done or running. */
export function buildSteps(task: TaskInfo): Array<{ id: string; label: string; done: boolean }> {
  return task.progress.items.map((item) => ({
    id: item.id,
    label: item.label,
    done: item.status === 'done' || task.state !== 'running',
  }));
}

/** Where each cache level stood, for the outcome: `local MISS (no entry)`, `project HIT`. */
export function levelLine(l: LevelOutcome): string {
  const where =
    l.level === 'local'
      ? 'Local engine'
      : `${l.level[0]?.toUpperCase()}${l.level.slice(1)} registry`;
  return `${where}: ${l.status}${l.reason ? ` (${l.reason})` : ''}`;
}
