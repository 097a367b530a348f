/**
 * Delivery and latency bookkeeping for one run, with no I/O (times are passed in).
 *
 * Players `0..players-1` sit in lobbies of `lobbySize` in order (player `i` is in lobby
 * `floor(i / lobbySize)`). The server coalesces moves latest-wins per tick, so a receiver is not
 * meant to see every move. The definition used here:
 *
 * - **delivered**: move `q` of sender `s` counts as delivered to receiver `r` (another member of
 *   the lobby) when `r` sees `s` at move `q` or a later one within `deadlineMs` of `q` being sent.
 *   Seen later than that, it is **late**; never seen (a skipped frame that nothing later covered
 *   in time, a dropped socket), it is **missed**.
 * - **expected**: every move sent, times the other participating members of its lobby.
 * - **latency**: each time `r` learns something new about `s` (a move newer than any it has seen
 *   from `s`), the time from that move's send to its receipt. That is how stale the position
 *   on the receiver's screen is when it arrives, tick wait included.
 *
 * @example
 * ```ts
 * const t = new DeliveryTracker({ players: 2, lobbySize: 2, maxSeqs: 10, deadlineMs: 1000 });
 * t.recordSend(0, 0, 100);
 * t.recordSend(0, 1, 150);
 * t.onSeen(1, 0, 1, 160); // covers moves 0 and 1; latency 10 ms
 * t.summary([true, true]).delivered; // 2
 * ```
 */
import { LatencyHistogram, type LatencySummary } from "./histogram.ts";

/** Shape of a run, for {@link DeliveryTracker}. */
export interface DeliveryOptions {
  players: number;
  lobbySize: number;
  /** Most moves one sender makes in the run (`hz * seconds`). */
  maxSeqs: number;
  /** A move seen later than this after its send is late, not delivered. */
  deadlineMs: number;
}

/** What {@link DeliveryTracker.summary} reports. */
export interface DeliverySummary {
  expected: number;
  delivered: number;
  late: number;
  missed: number;
  /** `delivered / expected` (1 when nothing was expected). */
  ratio: number;
  /** Position entries about other players received (the server's delivered updates). */
  updatesReceived: number;
  /** Entries that told a receiver nothing new (an older or repeated move). */
  staleUpdates: number;
  deadlineMs: number;
  latencyMs: LatencySummary;
}

/** Send times, what each receiver has seen of each lobby member, and the latency histogram. */
export class DeliveryTracker {
  readonly #players: number;
  readonly #lobbySize: number;
  readonly #maxSeqs: number;
  readonly #deadlineMs: number;
  readonly #sendTimes: Float64Array;
  readonly #sent: Uint32Array;
  // Highest move seen by receiver r of member m of its lobby, at r * lobbySize + m; -1: none.
  readonly #maxSeen: Int32Array;
  readonly #latency = new LatencyHistogram();
  #delivered = 0;
  #late = 0;
  #updates = 0;
  #stale = 0;

  constructor(options: DeliveryOptions) {
    const { players, lobbySize, maxSeqs, deadlineMs } = options;
    for (const [name, value] of Object.entries({ players, lobbySize, maxSeqs })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a whole number of at least 1, got ${value}`);
      }
    }
    if (!(deadlineMs > 0)) throw new RangeError(`deadlineMs must be above 0, got ${deadlineMs}`);
    this.#players = players;
    this.#lobbySize = lobbySize;
    this.#maxSeqs = maxSeqs;
    this.#deadlineMs = deadlineMs;
    this.#sendTimes = new Float64Array(players * maxSeqs);
    this.#sent = new Uint32Array(players);
    this.#maxSeen = new Int32Array(players * lobbySize).fill(-1);
  }

  /** Records that `sender` sent move `seq` at time `t` (ms); moves go out in order from 0. */
  recordSend(sender: number, seq: number, t: number): void {
    if (seq !== this.#sent[sender] || seq >= this.#maxSeqs) {
      throw new RangeError(`sender ${sender} sent move ${seq} out of order`);
    }
    this.#sendTimes[sender * this.#maxSeqs + seq] = t;
    this.#sent[sender] = seq + 1;
  }

  /** Moves `sender` has sent. */
  sentBy(sender: number): number {
    return this.#sent[sender]!;
  }

  /** True when `a` and `b` are different players of the same lobby. */
  sameLobby(a: number, b: number): boolean {
    return a !== b && Math.floor(a / this.#lobbySize) === Math.floor(b / this.#lobbySize);
  }

  /** Receiver `receiver` saw `sender` at move `seq` at time `t` (ms). Others' moves only. */
  onSeen(receiver: number, sender: number, seq: number, t: number): void {
    if (!this.sameLobby(receiver, sender)) return;
    this.#updates++;
    const sent = this.#sent[sender]!;
    const slot = receiver * this.#lobbySize + (sender % this.#lobbySize);
    const seen = this.#maxSeen[slot]!;
    if (seq <= seen || seq >= sent) {
      this.#stale++;
      return;
    }
    this.#maxSeen[slot] = seq;
    const base = sender * this.#maxSeqs;
    this.#latency.record(t - this.#sendTimes[base + seq]!);
    const oldestOnTime = t - this.#deadlineMs;
    for (let k = seen + 1; k <= seq; k++) {
      if (this.#sendTimes[base + k]! >= oldestOnTime) this.#delivered++;
      else this.#late++;
    }
  }

  /** Highest move of `sender` that `receiver` has seen, or -1. */
  seenBy(receiver: number, sender: number): number {
    if (!this.sameLobby(receiver, sender)) return -1;
    return this.#maxSeen[receiver * this.#lobbySize + (sender % this.#lobbySize)]!;
  }

  /** True when every open receiver has seen the last move of every other member of its lobby. */
  caughtUp(isOpen: (player: number) => boolean): boolean {
    for (let s = 0; s < this.#players; s++) {
      const last = this.#sent[s]! - 1;
      if (last < 0) continue;
      const first = s - (s % this.#lobbySize);
      const end = Math.min(this.#players, first + this.#lobbySize);
      for (let r = first; r < end; r++) {
        if (r !== s && isOpen(r) && this.seenBy(r, s) < last) return false;
      }
    }
    return true;
  }

  /**
   * The totals. `participating[i]` says whether player `i` was connected for the run; only
   * participants' moves are expected, and only by other participants.
   */
  summary(participating: readonly boolean[]): DeliverySummary {
    let expected = 0;
    for (let s = 0; s < this.#players; s++) {
      const sent = this.#sent[s]!;
      if (sent === 0 || !participating[s]) continue;
      const first = s - (s % this.#lobbySize);
      const last = Math.min(this.#players, first + this.#lobbySize);
      for (let r = first; r < last; r++) if (r !== s && participating[r]) expected += sent;
    }
    const delivered = this.#delivered;
    return {
      expected,
      delivered,
      late: this.#late,
      missed: Math.max(0, expected - delivered - this.#late),
      ratio: expected === 0 ? 1 : delivered / expected,
      updatesReceived: this.#updates,
      staleUpdates: this.#stale,
      deadlineMs: this.#deadlineMs,
      latencyMs: this.#latency.summary(),
    };
  }
}
