/**
 * Reads a BuildKit `POST /build?version=2` stream: JSON lines whose `moby.buildkit.trace` lines
 * carry a base64 protobuf `StatusResponse` (decoded by `trace-decoder.ts`), then
 * `moby.image.id` with the image id; a failure ends it with `errorDetail`. The same vertex arrives
 * many times (queued, started, completed): steps are merged by digest, in the order first seen,
 * and each log chunk goes to its vertex's log tail.
 */
import {
  appendLog,
  isDockerfileStep,
  streamError,
  type BuildFailure,
  type BuildStep,
  type BuildStreamReader,
} from './steps.js';
import { decodeTrace, type StatusResponse } from './trace-decoder.js';

export class BuildKitStreamReader implements BuildStreamReader {
  readonly builder = 'buildkit' as const;
  readonly steps: BuildStep[] = [];
  imageId: string | null = null;
  failure: BuildFailure | null = null;
  readonly warnings: string[] = [];
  /** Time spent decoding traces, ms (the benchmark reads it). */
  decodeMs = 0;
  private readonly byDigest = new Map<string, BuildStep>();
  /** A log line cut at a chunk boundary, per vertex. */
  private readonly partial = new Map<string, string>();
  private pending = '';
  private readonly decoder = new TextDecoder();

  push(chunk: string | Uint8Array): BuildStep[] {
    this.pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    const changed = new Set<BuildStep>();
    for (const line of lines) this.line(line, changed);
    return [...changed];
  }

  end(): BuildStep[] {
    const changed = new Set<BuildStep>();
    if (this.pending.trim() !== '') this.line(this.pending, changed);
    this.pending = '';
    for (const [digest, rest] of this.partial) {
      const step = this.byDigest.get(digest);
      if (step && rest !== '') {
        appendLog(step, [rest]);
        changed.add(step);
      }
    }
    this.partial.clear();
    return [...changed];
  }

  private line(raw: string, changed: Set<BuildStep>): void {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let msg: unknown;
    try {
      msg = JSON.parse(trimmed);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const m = msg as {
      id?: unknown;
      aux?: unknown;
      error?: unknown;
      errorDetail?: { message?: unknown };
    };
    if (m.id === 'moby.buildkit.trace' && typeof m.aux === 'string') {
      const t0 = performance.now();
      const status = decodeTrace(m.aux);
      this.decodeMs += performance.now() - t0;
      this.apply(status, changed);
    } else if (m.id === 'moby.image.id' && m.aux && typeof m.aux === 'object') {
      const id = (m.aux as { ID?: unknown }).ID;
      if (typeof id === 'string') this.imageId = id;
    }
    const error = streamError(m);
    if (error !== null && this.failure === null) {
      this.failure = { message: error.trim(), step: this.failedStep() };
    }
  }

  private apply(status: StatusResponse, changed: Set<BuildStep>): void {
    for (const v of status.vertexes) {
      let step = this.byDigest.get(v.digest);
      if (!step) {
        step = {
          id: v.digest,
          name: v.name,
          dockerfile: isDockerfileStep(v.name),
          cached: false,
          started: null,
          completed: null,
          error: null,
          log: [],
        };
        this.byDigest.set(v.digest, step);
        this.steps.push(step);
      }
      step.cached = step.cached || v.cached;
      if (v.started !== null) step.started = step.started ?? v.started;
      if (v.completed !== null) step.completed = v.completed;
      if (v.error !== '') step.error = v.error;
      changed.add(step);
    }
    for (const log of status.logs) {
      const step = this.byDigest.get(log.vertex);
      if (!step) continue;
      const text = (this.partial.get(log.vertex) ?? '') + this.decoder.decode(log.msg);
      const lines = text.split(/\r?\n/);
      this.partial.set(log.vertex, lines.pop() ?? '');
      appendLog(step, lines);
      changed.add(step);
    }
    for (const w of status.warnings) {
      const step = this.byDigest.get(w.vertex);
      this.warnings.push(step ? `${step.name}: ${w.short}` : w.short);
    }
  }

  /** The step BuildKit marked with an error (a Dockerfile step first), else the last started. */
  private failedStep(): BuildStep | null {
    const errored = this.steps.filter((s) => s.error !== null);
    return (
      errored.find((s) => s.dockerfile) ??
      errored[0] ??
      [...this.steps].reverse().find((s) => s.started !== null && s.completed === null) ??
      null
    );
  }
}
