/**
 * Time as a dependency. Caches, limiters and expiries take a {@link Clock} so tests can move
 * time by hand instead of sleeping.
 *
 * @example
 * ```ts
 * const clock = new FakeClock();
 * clock.advance(1_000);
 * clock.now(); // 1000
 * ```
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences between two readings mean anything. */
  now(): number;
}

/** The real monotonic clock (`performance.now()`), immune to wall-clock jumps. */
export const monotonicClock: Clock = { now: () => performance.now() };

/** A clock that moves only when told to; for tests. */
export class FakeClock implements Clock {
  #now: number;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot move a clock by ${ms} ms`);
    this.#now += ms;
  }
}

/** Wall-clock time (`Date.now()`), for timestamps that outlive the process, like lobby expiry. */
export const wallClock: Clock = { now: () => Date.now() };
