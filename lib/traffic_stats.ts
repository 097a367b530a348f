/**
 * Counters of WebSocket traffic, kept as plain numbers on the hot path and read by the metrics
 * exporter when it is scraped.
 *
 * @example
 * ```ts
 * const traffic = new TrafficStats();
 * traffic.messagesIn++;
 * traffic.recordClose(1000);
 * ```
 */
import { CloseCode } from "./protocol.ts";

const _OUR_CODES: ReadonlySet<number> = new Set(Object.values(CloseCode));

/** Message, frame and close counters for the whole process. */
export class TrafficStats {
  messagesIn = 0;
  messagesOut = 0;
  positionsIn = 0;
  framesBroadcast = 0;
  framesDropped = 0;
  invalidMessages = 0;
  rateLimitedMessages = 0;
  /** Sockets upgraded and not yet closed at the transport, rejected ones included. */
  openSockets = 0;
  readonly #closes = new Map<number, number>();

  /**
   * Counts a close by code. A peer chooses its own close code, so only the codes the protocol
   * registers (1000..1015) and ours are kept apart; any other lands in 0, "other". That keeps the
   * map, and the metric's label values, a fixed set.
   */
  recordClose(code: number): void {
    const key = (code >= 1000 && code <= 1015) || _OUR_CODES.has(code) ? code : 0;
    this.#closes.set(key, (this.#closes.get(key) ?? 0) + 1);
  }

  /**
   * Counts a close the peer started. Its own 4000s are its to choose and say nothing about our
   * closes of the same numbers (a client must not fake `server_full` alarms), so they are "other".
   */
  recordPeerClose(code: number): void {
    this.recordClose(code >= 1000 && code <= 1015 ? code : 0);
  }

  /** Closes so far, by code (0 for any code that is neither registered nor ours). */
  closesByCode(): ReadonlyMap<number, number> {
    return this.#closes;
  }
}
