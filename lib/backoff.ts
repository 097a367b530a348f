/**
 * Exponential backoff with full jitter, for reconnecting clients. Pure: the random source is a
 * parameter, so the browser and tests share the same code.
 *
 * Full jitter spreads a crowd of clients that lost the server at the same moment over the whole
 * window instead of bunching them at each power of two. A server-given `retryAfterMs` is a floor:
 * the delay is never shorter, and the jitter is added on top of it so that every client told
 * "come back in 5 s" does not come back at the same millisecond.
 *
 * @example
 * ```ts
 * backoffDelayMs(0); // somewhere in [0, 1000)
 * backoffDelayMs(3, { retryAfterMs: 5_000 }); // somewhere in [5000, 13000)
 * ```
 */

/** Settings of {@link backoffDelayMs}; every field is optional. */
export interface BackoffOptions {
  /** Window of the first retry, in ms (doubles with each attempt). */
  baseMs?: number;
  /** Largest window, in ms. */
  maxMs?: number;
  /** Uniform random source in [0, 1); `Math.random` by default. */
  random?: () => number;
  /** What the server asked for, in ms: the delay is never shorter. */
  retryAfterMs?: number;
}

/** Defaults of {@link BackoffOptions}. */
export const BACKOFF_DEFAULTS = {
  baseMs: 1_000,
  maxMs: 30_000,
} as const;

/**
 * How long to wait before retry number `attempt` (0 for the first retry).
 * Throws `RangeError` for a negative or fractional attempt.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a whole number >= 0, got ${attempt}`);
  }
  const baseMs = options.baseMs ?? BACKOFF_DEFAULTS.baseMs;
  const maxMs = options.maxMs ?? BACKOFF_DEFAULTS.maxMs;
  if (!(baseMs >= 0) || !(maxMs >= 0)) {
    throw new RangeError(`baseMs and maxMs must be >= 0, got ${baseMs} and ${maxMs}`);
  }
  const random = options.random ?? Math.random;
  // 2 ** 31 already exceeds any sensible maxMs; capping the exponent keeps the number finite.
  const windowMs = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 31));
  const jitterMs = _unit(random()) * windowMs;
  const floorMs = _validRetryAfter(options.retryAfterMs);
  return Math.round(floorMs + jitterMs);
}

/** A random value forced into [0, 1), so a faulty source cannot make the delay negative. */
function _unit(value: number): number {
  if (!(value >= 0)) return 0;
  return value >= 1 ? 1 - Number.EPSILON : value;
}

function _validRetryAfter(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}
