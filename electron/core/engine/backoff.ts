/**
 * Exponential backoff with jitter for reconnecting to the engine: `initialMs` doubling up to
 * `maxMs`, each delay spread by ±`jitter` (a fraction) so many clients do not retry in step.
 */

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Spread of each delay as a fraction of it (default 0.2: ±20 %). */
  jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 15_000 };

export class Backoff {
  private attempt = 0;
  private readonly jitter: number;

  constructor(
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {
    if (!(policy.initialMs > 0) || !(policy.maxMs >= policy.initialMs)) {
      throw new RangeError(
        `backoff needs 0 < initialMs <= maxMs, got ${policy.initialMs} and ${policy.maxMs}`,
      );
    }
    this.jitter = Math.min(Math.max(policy.jitter ?? 0.2, 0), 1);
  }

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call moves one step along the schedule. */
  next(): number {
    const exponent = Math.min(this.attempt, 30);
    const base = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** exponent);
    this.attempt += 1;
    const factor = 1 - this.jitter + 2 * this.jitter * this.random();
    return Math.max(1, Math.min(this.policy.maxMs, Math.round(base * factor)));
  }

  /** Back to the first step (after a successful connection). */
  reset(): void {
    this.attempt = 0;
  }
}
