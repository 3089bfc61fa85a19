export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Injectable for tests; returns [0, 1). */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 5 * 60_000, random: Math.random };

/**
 * Delay before attempt `attempts + 1`: exponential, capped, with jitter in [50 %, 100 %]
 * so replicas retrying after one outage do not hit the platform in step. A platform's
 * Retry-After is honoured as given.
 */
export function retryDelay(attempts: number, opts: BackoffOptions, retryAfterMs?: number): number {
  const exponential = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential * (0.5 + opts.random() * 0.5));
  return retryAfterMs ?? jittered;
}
