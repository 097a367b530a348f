/**
 * The open-loop send schedule: one timer drives every player. Send number `g` of the run goes to
 * player `g % players` and is due `g * period / players` ms after the start, so each player
 * sends every `period` ms, the players are spread evenly across the period, and the schedule
 * never waits for the server: a timer that fires late sends everything that has come due.
 *
 * @example
 * ```ts
 * const s = new SendSchedule({ players: 4, hz: 10, seconds: 1 });
 * s.total; // 40 sends
 * s.dueBy(49); // 2: sends 0 (at 0 ms) and 1 (at 25 ms) are due, send 2 is at 50 ms
 * s.playerOf(5); // 1
 * ```
 */

/** Shape of a schedule. */
export interface ScheduleOptions {
  players: number;
  /** Sends per player per second. */
  hz: number;
  seconds: number;
}

/** Which send is due when; see the module doc. */
export class SendSchedule {
  readonly players: number;
  /** Sends each player makes. */
  readonly perPlayer: number;
  /** Sends in the whole run. */
  readonly total: number;
  /** Milliseconds between two consecutive sends of the run (of different players). */
  readonly stepMs: number;

  constructor(options: ScheduleOptions) {
    const { players, hz, seconds } = options;
    if (!Number.isInteger(players) || players < 1) {
      throw new RangeError(`players must be a whole number of at least 1, got ${players}`);
    }
    if (!(hz > 0) || !(seconds > 0)) throw new RangeError("hz and seconds must be above 0");
    this.players = players;
    this.perPlayer = Math.max(1, Math.round(hz * seconds));
    this.total = this.perPlayer * players;
    this.stepMs = 1000 / hz / players;
  }

  /** How many sends are due `elapsedMs` after the start (all of them, eventually). */
  dueBy(elapsedMs: number): number {
    if (elapsedMs < 0) return 0;
    return Math.min(this.total, Math.floor(elapsedMs / this.stepMs) + 1);
  }

  /** When send `g` is due, in ms after the start. */
  dueAt(g: number): number {
    return g * this.stepMs;
  }

  /** The player who makes send `g`. */
  playerOf(g: number): number {
    return g % this.players;
  }
}
