/**
 * The guard on one WebSocket connection's incoming messages. It lives on the connection object
 * and keeps a handful of numbers, so it costs O(1) whatever the traffic.
 *
 * Three buckets, each refilled or drained lazily from the clock on every call:
 * - a token bucket (capacity and refill `ratePerSecond`) decides which messages are handled;
 * - a leaky "flood level" rises by one per dropped message and drains at `ratePerSecond`, so a
 *   client at 2x the rate never trips it, 3x trips it after about `floodSeconds`, and far more
 *   trips it sooner;
 * - a leaky bucket of invalid messages closes clients that keep sending garbage.
 *
 * @example
 * ```ts
 * const guard = new MessageRateLimiter({ ratePerSecond: 60, clock: monotonicClock });
 * switch (guard.onMessage()) {
 *   case "allow": handle(message); break;
 *   case "drop_and_notify": send({ type: "error", code: "rate_limited" }); break;
 *   case "drop": break;
 *   case "close": socket.close(1008, "rate_limited"); break;
 * }
 * ```
 */

import type { Clock } from "./clock.ts";
import { LIMITS } from "./config.ts";

/** Rates for one connection; the defaults match `LIMITS` in `lib/config.ts`. */
export interface MessageRateLimiterOptions {
  /** Messages per second handled, and the size of a burst. */
  ratePerSecond: number;
  /** Source of monotonic time. */
  clock: Clock;
  /** Seconds of flooding at 3x `ratePerSecond` before "close"; default `LIMITS.floodSeconds`. */
  floodSeconds?: number;
  /** Invalid messages allowed in a burst; default `LIMITS.invalidMessageBurst`. */
  invalidBurst?: number;
  /** Invalid messages forgiven per second; default `LIMITS.invalidMessagesPerSecond`. */
  invalidPerSecond?: number;
}

/** What to do with one incoming message. */
export type MessageVerdict = "allow" | "drop" | "drop_and_notify" | "close";

// Refills of ratePerSecond * elapsed / 1000 add up with rounding error; a billionth of a token
// of slack keeps "one token after exactly 1/rate seconds" true.
const _EPSILON = 1e-9;
// The client is told it is rate limited at most this often.
const _NOTIFY_INTERVAL_MS = 1000;

/**
 * Decides, message by message, whether a connection is within its rate.
 *
 * @example
 * ```ts
 * const guard = new MessageRateLimiter({ ratePerSecond: 2, clock });
 * guard.onMessage(); // "allow"
 * guard.onMessage(); // "allow"
 * guard.onMessage(); // "drop_and_notify"
 * guard.onMessage(); // "drop"
 * ```
 */
export class MessageRateLimiter {
  readonly #clock: Clock;
  readonly #perMs: number;
  readonly #capacity: number;
  readonly #floodLimit: number;
  readonly #invalidBurst: number;
  readonly #invalidPerMs: number;
  #tokens: number;
  #floodLevel = 0;
  #lastMessageAt: number;
  #lastNotifyAt = -Infinity;
  #closed = false;
  #invalidLevel = 0;
  #lastInvalidAt: number;

  constructor(options: MessageRateLimiterOptions) {
    const { ratePerSecond, clock } = options;
    const floodSeconds = options.floodSeconds ?? LIMITS.floodSeconds;
    const invalidBurst = options.invalidBurst ?? LIMITS.invalidMessageBurst;
    const invalidPerSecond = options.invalidPerSecond ?? LIMITS.invalidMessagesPerSecond;
    _checkPositive("ratePerSecond", ratePerSecond);
    _checkPositive("floodSeconds", floodSeconds);
    if (!Number.isInteger(invalidBurst) || invalidBurst < 0) {
      throw new RangeError(`invalidBurst must be a whole number, 0 or more, got ${invalidBurst}`);
    }
    if (!Number.isFinite(invalidPerSecond) || invalidPerSecond < 0) {
      throw new RangeError(`invalidPerSecond must be 0 or more, got ${invalidPerSecond}`);
    }
    this.#clock = clock;
    this.#perMs = ratePerSecond / 1000;
    this.#capacity = ratePerSecond;
    this.#floodLimit = ratePerSecond * floodSeconds;
    this.#invalidBurst = invalidBurst;
    this.#invalidPerMs = invalidPerSecond / 1000;
    this.#tokens = ratePerSecond;
    this.#lastMessageAt = this.#lastInvalidAt = clock.now();
  }

  /**
   * Call once per incoming message. "drop_and_notify" is the first drop in a second (tell the
   * client `rate_limited`); "close" means sustained flooding, and stays "close" from then on.
   *
   * @example
   * ```ts
   * if (guard.onMessage() !== "allow") return;
   * ```
   */
  onMessage(): MessageVerdict {
    if (this.#closed) return "close";
    const now = this.#clock.now();
    const drained = Math.max(now - this.#lastMessageAt, 0) * this.#perMs;
    this.#lastMessageAt = now;
    this.#tokens = Math.min(this.#capacity, this.#tokens + drained);
    this.#floodLevel = Math.max(0, this.#floodLevel - drained);

    if (this.#tokens >= 1 - _EPSILON) {
      this.#tokens = Math.max(0, this.#tokens - 1);
      return "allow";
    }
    this.#floodLevel += 1;
    if (this.#floodLevel > this.#floodLimit) {
      this.#closed = true;
      return "close";
    }
    if (now - this.#lastNotifyAt >= _NOTIFY_INTERVAL_MS) {
      this.#lastNotifyAt = now;
      return "drop_and_notify";
    }
    return "drop";
  }

  /**
   * Call once per message that fails validation; true means close the connection (1008).
   *
   * @example
   * ```ts
   * if (!parsed.ok && guard.onInvalid()) socket.close(1008, "too many invalid messages");
   * ```
   */
  onInvalid(): boolean {
    const now = this.#clock.now();
    const drained = Math.max(now - this.#lastInvalidAt, 0) * this.#invalidPerMs;
    this.#lastInvalidAt = now;
    this.#invalidLevel = Math.max(0, this.#invalidLevel - drained) + 1;
    return this.#invalidLevel > this.#invalidBurst + _EPSILON;
  }
}

function _checkPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number above 0, got ${value}`);
  }
}
