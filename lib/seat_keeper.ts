/**
 * Seats whose player has no socket on this process, and how long each is kept for them. Two
 * kinds, removed differently when their time is up:
 * - **away**: the socket dropped (a reload, a network blip), or the process restarted under it.
 *   The others are told; the seat goes after the grace period.
 * - **unclaimed**: handed out over HTTP, no socket yet (a tab closed at once, a script). Nobody is
 *   told; the seat goes after the claim wait, unless another instance accepted a socket for it.
 *
 * Pure bookkeeping over an injected clock: the hub does the telling and the removing.
 *
 * @example
 * ```ts
 * const seats = new SeatKeeper({ clock, graceMs: 30_000, claimMs: 30_000 });
 * seats.handedOut("K7QX2M", "p1");
 * seats.arrived("K7QX2M", "p1"); // false: it was not away
 * seats.dropped("K7QX2M", "p1");
 * seats.takeDue(clock.now() + 30_000); // { away: [{ code: "K7QX2M", playerId: "p1" }], ... }
 * ```
 */
import type { Clock } from "./clock.ts";

/** One seat: a player of a lobby. */
export interface SeatRef {
  code: string;
  playerId: string;
}

interface _Waiting extends SeatRef {
  deadline: number;
}

/** Settings of a {@link SeatKeeper}. */
export interface SeatKeeperOptions {
  clock: Clock;
  /** How long an away seat is kept, in ms. */
  graceMs: number;
  /** How long a seat handed out here waits for its first socket, in ms. */
  claimMs: number;
}

/** Away and unclaimed seats with their deadlines. */
export class SeatKeeper {
  readonly #clock: Clock;
  readonly #graceMs: number;
  readonly #claimMs: number;
  readonly #away = new Map<string, _Waiting>();
  readonly #unclaimed = new Map<string, _Waiting>();

  constructor(options: SeatKeeperOptions) {
    this.#clock = options.clock;
    this.#graceMs = options.graceMs;
    this.#claimMs = options.claimMs;
  }

  /** Players who are away (their seats wait out the grace period). */
  get awayCount(): number {
    return this.#away.size;
  }

  /** A seat was handed out here; it waits for its first socket. */
  handedOut(code: string, playerId: string): void {
    this.#unclaimed.set(_key(code, playerId), _at(code, playerId, this.#now(this.#claimMs)));
  }

  /** The player's socket dropped: away for the grace period. */
  dropped(code: string, playerId: string): void {
    this.#away.set(_key(code, playerId), _at(code, playerId, this.#now(this.#graceMs)));
  }

  /**
   * A lobby's first socket on this process after a restart: every other player not already
   * waited for is away. They get at least the claim wait, as a whole lobby reconnecting after a
   * restart takes a few backoff rounds.
   */
  adoptAbsent(code: string, playerIds: readonly string[], present: string): void {
    const deadline = this.#now(Math.max(this.#graceMs, this.#claimMs));
    for (const id of playerIds) {
      const key = _key(code, id);
      if (id === present || this.#away.has(key) || this.#unclaimed.has(key)) continue;
      this.#away.set(key, _at(code, id, deadline));
    }
  }

  /** A socket of the player's arrived; true when they had been away (tell the others). */
  arrived(code: string, playerId: string): boolean {
    const key = _key(code, playerId);
    this.#unclaimed.delete(key);
    return this.#away.delete(key);
  }

  /** The player left the lobby: nothing to wait for. */
  forget(code: string, playerId: string): void {
    const key = _key(code, playerId);
    this.#unclaimed.delete(key);
    this.#away.delete(key);
  }

  /** True when this process keeps the seat for a player who has no socket here yet. */
  isWaitingFor(code: string, playerId: string): boolean {
    const key = _key(code, playerId);
    return this.#away.has(key) || this.#unclaimed.has(key);
  }

  /**
   * The player was turned away by a connection limit and will try again within `ms`: their seat
   * is kept at least that long from now, whichever kind of wait it was in.
   */
  holdFor(code: string, playerId: string, ms: number): void {
    const key = _key(code, playerId);
    const seat = this.#away.get(key) ?? this.#unclaimed.get(key);
    if (seat) seat.deadline = Math.max(seat.deadline, this.#now(ms));
  }

  /** The away players of lobby `code`. */
  awayIn(code: string): string[] {
    const away: string[] = [];
    for (const seat of this.#away.values()) if (seat.code === code) away.push(seat.playerId);
    return away;
  }

  /** Takes out every seat whose time is up at `now`, by kind. */
  takeDue(now: number): { away: SeatRef[]; unclaimed: SeatRef[] } {
    return { away: _takeDue(this.#away, now), unclaimed: _takeDue(this.#unclaimed, now) };
  }

  #now(plus: number): number {
    return this.#clock.now() + plus;
  }
}

// Both maps hold seats from the last minute or so, bounded by the rate limits; a full scan four
// times a second is cheap, and keeps holdFor() free to move any deadline.
function _takeDue(seats: Map<string, _Waiting>, now: number): SeatRef[] {
  const due: SeatRef[] = [];
  for (const [key, seat] of seats) {
    if (seat.deadline > now) continue;
    seats.delete(key);
    due.push({ code: seat.code, playerId: seat.playerId });
  }
  return due;
}

function _at(code: string, playerId: string, deadline: number): _Waiting {
  return { code, playerId, deadline };
}

function _key(code: string, playerId: string): string {
  return `${code}:${playerId}`;
}
