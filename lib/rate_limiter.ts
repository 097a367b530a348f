/**
 * A keyed rate limiter for HTTP limits such as "5 lobby creations per minute per client", using
 * the generic cell rate algorithm (GCRA): one number per client, the theoretical arrival time
 * (TAT) of its next request, instead of a list of timestamps.
 *
 * It is *not* a timer wheel: idle clients are forgotten lazily, a few at a time on each call,
 * never with one timer per key.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ limit: 5, windowMs: 60_000, maxKeys: 100_000, clock });
 * const result = limiter.check(rateLimitKey(ip));
 * if (!result.allowed) return tooManyRequests(result.retryAfterMs);
 * ```
 */

import type { Clock } from "./clock.ts";

/** The limit, how big the memory may grow, and where time comes from. */
export interface RateLimiterOptions {
  /** Requests allowed in a burst; also the number replenished over one window. */
  limit: number;
  /** Time over which `limit` requests are replenished, evenly. */
  windowMs: number;
  /** Most clients remembered at once; over it the least recently seen is forgotten. */
  maxKeys: number;
  /** Source of monotonic time. */
  clock: Clock;
}

/** The outcome of one {@link RateLimiter.check}; enough to fill `RateLimit` and `Retry-After`. */
export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests that would still be allowed right now. */
  remaining: number;
  /** Ms until the client is back to a full burst of `limit`. */
  resetMs: number;
  /** Ms until the next request would be allowed; 0 when this one was. */
  retryAfterMs: number;
}

// Floating-point sums of windowMs/limit drift by a few ulps; forgiving one nanosecond keeps
// "allowed again after exactly one interval" true without changing any real-world answer.
const _EPSILON_MS = 1e-6;
// Idle keys looked at on every call; enough to keep up with a steady stream of new clients.
const _LAZY_SWEEP = 2;

/**
 * A GCRA limiter keyed by client: `limit` requests in a burst, replenished one every
 * `windowMs / limit` ms.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ limit: 2, windowMs: 1000, maxKeys: 10, clock });
 * limiter.check("a").allowed; // true
 * limiter.check("a").allowed; // true
 * limiter.check("a");         // { allowed: false, retryAfterMs: 500, ... }
 * ```
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #interval: number;
  readonly #burstMs: number;
  readonly #maxKeys: number;
  readonly #clock: Clock;
  // key -> TAT. Re-inserted on every check, so iteration starts at the least recently seen.
  readonly #tats = new Map<string, number>();
  #evictions = 0;
  #checksSinceFullSweep = 0;

  constructor(options: RateLimiterOptions) {
    const { limit, windowMs, maxKeys, clock } = options;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a whole number of at least 1, got ${limit}`);
    }
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new RangeError(`windowMs must be a finite number above 0, got ${windowMs}`);
    }
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(`maxKeys must be a whole number of at least 1, got ${maxKeys}`);
    }
    this.#limit = limit;
    this.#interval = windowMs / limit;
    this.#burstMs = windowMs;
    this.#maxKeys = maxKeys;
    this.#clock = clock;
  }

  /**
   * Counts one request for `key` if it is allowed; an over-the-limit request is a result with
   * `allowed: false`, never an exception, and does not use up anything.
   *
   * @example
   * ```ts
   * const { allowed, retryAfterMs } = limiter.check("203.0.113.7");
   * ```
   */
  check(key: string): RateLimitResult {
    const now = this.#clock.now();
    this.#checksSinceFullSweep++;
    const stored = this.#tats.get(key);
    if (stored !== undefined) this.#tats.delete(key);
    this.#sweepOldest(now, _LAZY_SWEEP);
    const tat = Math.max(stored ?? now, now);
    const nextTat = tat + this.#interval;
    const allowed = nextTat - this.#burstMs - now <= _EPSILON_MS;
    if (allowed) {
      this.#remember(key, nextTat, now);
      return this.#result(true, nextTat, now);
    }
    this.#remember(key, tat, now);
    return this.#result(false, tat, now);
  }

  /**
   * What {@link check} would answer about the current state, without counting a request.
   *
   * @example
   * ```ts
   * limiter.peek("203.0.113.7").remaining; // 3
   * ```
   */
  peek(key: string): RateLimitResult {
    const now = this.#clock.now();
    const tat = Math.max(this.#tats.get(key) ?? now, now);
    const allowed = tat + this.#interval - this.#burstMs - now <= _EPSILON_MS;
    return this.#result(allowed, tat, now);
  }

  /**
   * Keys currently remembered.
   *
   * @example
   * ```ts
   * limiter.size; // never more than maxKeys
   * ```
   */
  get size(): number {
    return this.#tats.size;
  }

  /**
   * Clients forgotten while still limited because `maxKeys` was reached (idle ones do not count).
   *
   * @example
   * ```ts
   * limiter.evictions; // 0 unless under a flood of distinct clients
   * ```
   */
  get evictions(): number {
    return this.#evictions;
  }

  /**
   * Forgets every idle key (fully replenished, so remembering it changes nothing). O(size); the
   * limiter also does this on its own, a little at a time.
   *
   * @example
   * ```ts
   * limiter.sweep(); // 42 keys forgotten
   * ```
   */
  sweep(): number {
    const now = this.#clock.now();
    this.#checksSinceFullSweep = 0;
    let dropped = 0;
    for (const [key, tat] of this.#tats) {
      if (tat <= now) {
        this.#tats.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  #remember(key: string, tat: number, now: number): void {
    if (this.#tats.size >= this.#maxKeys) this.#makeRoom(now);
    this.#tats.set(key, tat);
  }

  /** Frees one slot: idle keys first, else the least recently seen. */
  #makeRoom(now: number): void {
    // Every key seen more than a window ago is idle and sits at the front: amortised O(1).
    this.#sweepOldest(now, Infinity);
    // A full pass is O(size); running it at most once per `size` checks keeps it amortised O(1)
    // even when a flood of fresh clients leaves nothing idle to find.
    if (this.#tats.size >= this.#maxKeys && this.#checksSinceFullSweep >= this.#tats.size) {
      this.sweep();
    }
    if (this.#tats.size >= this.#maxKeys) {
      const oldest = this.#tats.keys().next().value as string;
      this.#tats.delete(oldest);
      this.#evictions++;
    }
  }

  /** Drops up to `max` idle keys from the least recently seen end, stopping at a busy one. */
  #sweepOldest(now: number, max: number): void {
    let dropped = 0;
    for (const [key, tat] of this.#tats) {
      if (dropped >= max || tat > now) return;
      this.#tats.delete(key);
      dropped++;
    }
  }

  #result(allowed: boolean, tat: number, now: number): RateLimitResult {
    const used = Math.max(tat - now, 0);
    const remaining = Math.floor((this.#burstMs - used + _EPSILON_MS) / this.#interval);
    return {
      allowed,
      limit: this.#limit,
      remaining: Math.max(0, Math.min(this.#limit, remaining)),
      resetMs: used,
      retryAfterMs: allowed ? 0 : Math.max(tat + this.#interval - this.#burstMs - now, 0),
    };
  }
}
