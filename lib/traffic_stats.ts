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

  /** Counts a close by code; codes are bounded to the valid range so the map stays small. */
  recordClose(code: number): void {
    const key = Number.isInteger(code) && code >= 1000 && code <= 4999 ? code : 0;
    this.#closes.set(key, (this.#closes.get(key) ?? 0) + 1);
  }

  /** Closes so far, by code (0 for a code outside 1000..4999). */
  closesByCode(): ReadonlyMap<number, number> {
    return this.#closes;
  }
}
