/**
 * Reads the classic builder's `POST /build` stream: newline-separated JSON where `stream` carries
 * output text (`Step 2/5 : COPY . /`, the step's own output), `aux.ID` the image id, and
 * `errorDetail` a failure (the HTTP status is 200 either way). Keeps each step's output so that a
 * failure can be reported with the output of the step that failed.
 */

export interface BuildStep {
  /** 1-based. */
  index: number;
  total: number;
  /** `COPY . /`, `RUN make`. */
  instruction: string;
  output: string[];
}

export interface BuildFailure {
  message: string;
  step: BuildStep | null;
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
/** The builder's own bookkeeping lines, not a step's output. */
const NOISE = /^( ---> |Removing intermediate container |Successfully (built|tagged) )/;
const MAX_OUTPUT_LINES = 200;
/** Terminal colour and cursor codes, which a step's output may leave in front of the next line. */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export class BuildStreamParser {
  readonly steps: BuildStep[] = [];
  imageId: string | null = null;
  /** Short id from `Successfully built abc123` (older daemons send no aux ID). */
  shortId: string | null = null;
  failure: BuildFailure | null = null;
  private pending = '';
  private text = '';

  /** Feeds a chunk; returns true when a new step began. */
  push(chunk: string | Uint8Array): boolean {
    this.pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    let stepped = false;
    for (const line of lines) stepped = this.line(line) || stepped;
    return stepped;
  }

  /** Flushes whatever is left at the end of the stream. */
  end(): void {
    if (this.pending.trim() !== '') this.line(this.pending);
    this.pending = '';
    if (this.text !== '') this.outputLine(this.text);
    this.text = '';
  }

  get current(): BuildStep | null {
    return this.steps.at(-1) ?? null;
  }

  /** 0–100 by steps started, or null before the first. */
  percent(): number | null {
    const s = this.current;
    return s ? Math.min(99, Math.round(((s.index - 1) / Math.max(1, s.total)) * 100)) : null;
  }

  private line(raw: string): boolean {
    const trimmed = raw.trim();
    if (trimmed === '') return false;
    let msg: unknown;
    try {
      msg = JSON.parse(trimmed);
    } catch {
      return this.streamText(`${raw}\n`); // not JSON: keep it as output rather than lose it
    }
    if (!msg || typeof msg !== 'object') return false;
    const m = msg as {
      stream?: unknown;
      aux?: { ID?: unknown };
      error?: unknown;
      errorDetail?: { message?: unknown };
    };
    let stepped = false;
    if (typeof m.stream === 'string') stepped = this.streamText(m.stream);
    if (m.aux && typeof m.aux.ID === 'string') this.imageId = m.aux.ID;
    const error =
      typeof m.errorDetail?.message === 'string'
        ? m.errorDetail.message
        : typeof m.error === 'string'
          ? m.error
          : null;
    if (error !== null && this.failure === null) {
      if (this.text !== '') this.outputLine(this.text);
      this.text = '';
      this.failure = { message: error.trim(), step: this.current };
    }
    return stepped;
  }

  private streamText(text: string): boolean {
    this.text += text;
    const lines = this.text.split('\n');
    this.text = lines.pop() ?? '';
    let stepped = false;
    for (const l of lines) stepped = this.outputLine(l) || stepped;
    return stepped;
  }

  private outputLine(line: string): boolean {
    const step = STEP.exec(line);
    if (step) {
      this.steps.push({
        index: Number(step[1]),
        total: Number(step[2]),
        instruction: step[3] ?? '',
        output: [],
      });
      return true;
    }
    const built = /^Successfully built ([0-9a-f]+)/.exec(line);
    if (built) this.shortId = built[1] ?? null;
    if (line.trim() === '' || NOISE.test(stripAnsi(line))) return false;
    const cur = this.current;
    if (cur) {
      cur.output.push(line);
      if (cur.output.length > MAX_OUTPUT_LINES) cur.output.shift();
    }
    return false;
  }
}

/** `Step 3/5 (RUN make): The command … returned a non-zero code: 2` plus the step's output. */
export function describeFailure(f: BuildFailure): {
  message: string;
  detail: string | undefined;
} {
  const where = f.step
    ? `step ${f.step.index}/${f.step.total} (${f.step.instruction})`
    : 'the build';
  const output = f.step?.output.slice(-50) ?? [];
  return {
    message: `The build failed at ${where}: ${f.message}`,
    detail: output.length > 0 ? output.join('\n') : undefined,
  };
}
