/** What every benchmark shares: the metric shape, and timing against a baseline in the same run. */

export interface Metric {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  goal?: string;
}

export interface BenchOptions {
  runs: number;
  log: (msg: string) => void;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Milliseconds one call takes (awaited when it returns a promise). */
export async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Medians of the figures `baseline` and `ours` return over `runs` rounds, one call of each per
 * round, the baseline first in even rounds and second in odd ones: drift on a shared machine, and
 * whatever the first of two calls leaves behind (warm caches, a busy disk), falls on both alike.
 */
export async function alternate(
  runs: number,
  baseline: () => Promise<number>,
  ours: () => Promise<number>,
): Promise<{ baseline: number; ours: number }> {
  const b: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      b.push(await baseline());
      o.push(await ours());
    } else {
      o.push(await ours());
      b.push(await baseline());
    }
  }
  return { baseline: median(b), ours: median(o) };
}

/**
 * Median milliseconds of a baseline and ours over `runs` alternating rounds (see `alternate`); one
 * untimed run of each first unless `warmup` is false (when a first run must be cold, e.g. hashing).
 */
export async function compare(
  runs: number,
  baseline: () => unknown,
  ours: () => unknown,
  { warmup = true }: { warmup?: boolean } = {},
): Promise<{ baseline: number; ours: number }> {
  if (warmup) {
    await baseline();
    await ours();
  }
  return alternate(
    runs,
    () => time(baseline),
    () => time(ours),
  );
}

/** A metric in milliseconds against a baseline measured in the same run. */
export function msMetric(name: string, ours: number, baseline: number, goal: string): Metric {
  return {
    name,
    value: round(ours),
    unit: 'ms',
    baseline: round(baseline),
    ratio: round(ours / baseline, 3),
    goal,
  };
}
