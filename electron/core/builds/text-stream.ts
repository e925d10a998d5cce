/**
 * Reads the line-based builders' `POST /build` stream: newline-separated JSON where `stream`
 * carries output text, `aux.ID` the image id, and `errorDetail` a failure (the HTTP status is 200
 * either way). The classic builder starts a step with `Step 2/5 : COPY . /` and marks a cached one
 * with ` ---> Using cache`; Buildah (Podman) with `STEP 2/5: COPY . /` and `--> Using cache <id>`.
 * A step's start is when its line arrived and its end when the next step's did (or the stream
 * ended): the stream carries no times of its own.
 */
import {
  appendLog,
  streamError,
  stripAnsi,
  type BuildFailure,
  type BuildStep,
  type BuildStreamReader,
} from './steps.js';

const STEP = {
  classic: /^Step (\d+)\/(\d+) : (.*)$/,
  podman: /^STEP (\d+)\/(\d+): (.*)$/,
};
const USING_CACHE = { classic: /^ ---> Using cache/, podman: /^--> Using cache/ };
/** The builders' own bookkeeping lines, not a step's output. */
const NOISE = {
  classic: /^( ---> |Removing intermediate container |Successfully (built|tagged) )/,
  podman: /^(--> |COMMIT |Successfully tagged |[0-9a-f]{64}$)/,
};

export class TextStreamReader implements BuildStreamReader {
  readonly steps: BuildStep[] = [];
  imageId: string | null = null;
  /** Short id from `Successfully built abc123` (older daemons send no aux ID). */
  shortId: string | null = null;
  failure: BuildFailure | null = null;
  readonly warnings: string[] = [];
  private pending = '';
  private text = '';
  private changed = new Set<BuildStep>();

  /**
   * `addedLabels`: the label keys of the request's `labels`, which these builders add to the build
   * as steps of their own (`Step 4/5 : LABEL hangar.cache.key=…`): shown, but not Dockerfile steps.
   */
  constructor(
    readonly builder: 'classic' | 'podman',
    private readonly addedLabels: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {}

  private isAddedLabel(instruction: string): boolean {
    const m = /^LABEL "?([^"=\s]+)"?=/i.exec(instruction);
    return m !== null && this.addedLabels.includes(m[1] ?? '');
  }

  push(chunk: string | Uint8Array): BuildStep[] {
    this.pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.line(line);
    return this.flushChanged();
  }

  end(): BuildStep[] {
    if (this.pending.trim() !== '') this.line(this.pending);
    this.pending = '';
    if (this.text !== '') this.outputLine(this.text);
    this.text = '';
    const last = this.current;
    if (last && last.completed === null && !this.failure) {
      last.completed = this.now();
      this.changed.add(last);
    }
    return this.flushChanged();
  }

  get current(): BuildStep | null {
    return this.steps.at(-1) ?? null;
  }

  private flushChanged(): BuildStep[] {
    const out = [...this.changed];
    this.changed.clear();
    return out;
  }

  private line(raw: string): void {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let msg: unknown;
    try {
      msg = JSON.parse(trimmed);
    } catch {
      this.streamText(`${raw}\n`); // not JSON: keep it as output rather than lose it
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const m = msg as {
      stream?: unknown;
      aux?: { ID?: unknown };
      error?: unknown;
      errorDetail?: { message?: unknown };
    };
    if (typeof m.stream === 'string') this.streamText(m.stream);
    if (m.aux && typeof m.aux.ID === 'string') this.imageId = m.aux.ID;
    const error = streamError(m);
    if (error !== null && this.failure === null) {
      if (this.text !== '') this.outputLine(this.text);
      this.text = '';
      const step = this.current;
      if (step) {
        step.error = error.trim();
        step.completed = this.now();
        this.changed.add(step);
      }
      this.failure = { message: error.trim(), step };
    }
  }

  private streamText(text: string): void {
    this.text += text;
    const lines = this.text.split('\n');
    this.text = lines.pop() ?? '';
    for (const l of lines) this.outputLine(l);
  }

  private outputLine(line: string): void {
    const clean = stripAnsi(line);
    const step = STEP[this.builder].exec(clean);
    if (step) {
      const now = this.now();
      const prev = this.current;
      if (prev && prev.completed === null) {
        prev.completed = now;
        this.changed.add(prev);
      }
      const next: BuildStep = {
        id: `step-${step[1]}`,
        name: `[${step[1]}/${step[2]}] ${step[3] ?? ''}`,
        dockerfile: !this.isAddedLabel(step[3] ?? ''),
        cached: false,
        started: now,
        completed: null,
        error: null,
        log: [],
      };
      this.steps.push(next);
      this.changed.add(next);
      return;
    }
    const cur = this.current;
    if (cur && USING_CACHE[this.builder].test(clean)) {
      cur.cached = true;
      this.changed.add(cur);
    }
    const built = /^Successfully built ([0-9a-f]+)/.exec(clean);
    if (built) this.shortId = built[1] ?? null;
    if (clean.trim() === '' || NOISE[this.builder].test(clean)) return;
    if (cur) {
      appendLog(cur, [line]);
      this.changed.add(cur);
    }
  }
}
