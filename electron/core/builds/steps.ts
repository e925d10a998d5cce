/**
 * The one shape every builder's stream is read into: a build's steps (Dockerfile steps and the
 * builder's internal ones), whether each came from the cache, when it started and ended, its error
 * and a bounded tail of its log, plus the image id, the failure and the warnings. BuildKit's trace,
 * the classic builder's `Step n/m :` lines and Buildah's `STEP n/m:` lines each fill it.
 */

import type { BuilderKind } from '../../../shared/builds.js';

export type { BuilderKind };

export interface BuildStep {
  /** BuildKit's vertex digest, or `step-N` for the line-based builders. */
  id: string;
  /** `[stage-0 2/4] COPY app.txt /app/`, `[2/4] COPY . /`, `[internal] load metadata for …`. */
  name: string;
  /** A step of the Dockerfile (`[… n/m] …`), as opposed to the builder's own bookkeeping. */
  dockerfile: boolean;
  cached: boolean;
  /** Epoch ms; null until the builder says it started. */
  started: number | null;
  completed: number | null;
  error: string | null;
  /** The last LOG_TAIL_LINES lines of the step's output. */
  log: string[];
}

export interface BuildFailure {
  message: string;
  step: BuildStep | null;
}

/** Reads one builder's `POST /build` stream, chunk by chunk. */
export interface BuildStreamReader {
  readonly builder: BuilderKind;
  /** Feeds a chunk; returns the steps it added or changed, in order. */
  push(chunk: string | Uint8Array): BuildStep[];
  /** Flushes what is left at the end of the stream; returns the steps that changed. */
  end(): BuildStep[];
  readonly steps: readonly BuildStep[];
  readonly imageId: string | null;
  readonly failure: BuildFailure | null;
  readonly warnings: readonly string[];
}

export const LOG_TAIL_LINES = 100;

const DOCKERFILE_STEP = /^\[(?:[^\]]* )?\d+\/\d+\] /;

export function isDockerfileStep(name: string): boolean {
  return DOCKERFILE_STEP.test(name);
}

/** Appends lines to a step's log, keeping the last LOG_TAIL_LINES. */
export function appendLog(step: BuildStep, lines: readonly string[]): void {
  step.log.push(...lines);
  if (step.log.length > LOG_TAIL_LINES) step.log.splice(0, step.log.length - LOG_TAIL_LINES);
}

/** Terminal colour and cursor codes, which a step's output may leave in front of the next line. */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The `errorDetail.message` (or `error`) of one stream message, or null. */
export function streamError(m: {
  error?: unknown;
  errorDetail?: { message?: unknown };
}): string | null {
  if (typeof m.errorDetail?.message === 'string') return m.errorDetail.message;
  return typeof m.error === 'string' ? m.error : null;
}

/**
 * `The build failed at step 2/2 (RUN make): … exit code: 2` plus the failing step's output; a
 * builder's internal step is named as it is (`[internal] load metadata for …`).
 */
export function describeFailure(f: BuildFailure): { message: string; detail: string | undefined } {
  const m = f.step ? /^\[(?:[^\]]* )?(\d+\/\d+)\] (.*)$/s.exec(f.step.name) : null;
  const where = m ? `step ${m[1]} (${m[2]})` : f.step ? f.step.name : 'the build';
  const output = f.step?.log.slice(-50) ?? [];
  return {
    message: `The build failed at ${where}: ${f.message}`,
    detail: output.length > 0 ? output.join('\n') : undefined,
  };
}

/** Dockerfile steps only: how many there were and how many came from the cache. */
export function cacheCounts(steps: readonly BuildStep[]): { cached: number; total: number } {
  const own = steps.filter((s) => s.dockerfile);
  return { cached: own.filter((s) => s.cached).length, total: own.length };
}

/** `Step 2/4: COPY . /app` for a Dockerfile step (its stage left out), else the builder's name. */
export function stepLabel(step: Pick<BuildStep, 'name'>): string {
  const m = /^\[(?:[^\]]* )?(\d+\/\d+)\] (.*)$/s.exec(step.name);
  return m ? `Step ${m[1]}: ${m[2]}` : step.name;
}
