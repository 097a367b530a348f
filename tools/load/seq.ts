/**
 * The load tester's clock in the coordinates: the wire protocol has no timestamp, so each
 * sender numbers its moves and writes the number into the position it sends
 * (`x = seq % 1000`, `y = floor(seq / 1000)`). The tester remembers when it sent each number,
 * so a receiver that sees a position knows which move it is and how old it is.
 *
 * @example
 * ```ts
 * positionMessage(1234); // '{"type":"position","x":234,"y":1}'
 * decodeSeq(234, 1); // 1234
 * ```
 */

/** Moves one sender can number (both coordinates stay within the 0..1000 board). */
export const MAX_SEQ = 1_000_000;

const _BASE = 1000;

/** The `position` message that carries move number `seq` (0 <= seq < {@link MAX_SEQ}). */
export function positionMessage(seq: number): string {
  if (!Number.isInteger(seq) || seq < 0 || seq >= MAX_SEQ) {
    throw new RangeError(`seq must be a whole number from 0 to ${MAX_SEQ - 1}, got ${seq}`);
  }
  return `{"type":"position","x":${seq % _BASE},"y":${Math.floor(seq / _BASE)}}`;
}

/** The move number a position carries, or -1 when it cannot be one of ours. */
export function decodeSeq(x: unknown, y: unknown): number {
  if (typeof x !== "number" || typeof y !== "number") return -1;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || x >= _BASE || y < 0 || y >= _BASE) {
    return -1;
  }
  return y * _BASE + x;
}
