/**
 * Seats this browser remembers across tabs: `{playerId, token, name, savedAt}` per lobby code in
 * one `localStorage` entry, so reopening the share link in a new tab (or a phone that restored a
 * tab without its `sessionStorage`) can offer "Continue as <name>". Bounded: entries older than
 * a day are dropped and at most {@link SEAT_MEMORY_LIMITS.maxEntries} are kept, newest first.
 * Storage that is missing, full or corrupt is treated as empty; nothing here throws.
 *
 * @example
 * ```ts
 * const memory = new SeatMemory({ storage: () => localStorage, now: () => Date.now() });
 * memory.remember("K7QX2M", { playerId: "p1", token: "t", name: "Ada" });
 * memory.load("K7QX2M")?.name; // "Ada"
 * ```
 */

/** A seat as this browser remembers it. */
export interface RememberedSeat {
  playerId: string;
  token: string;
  /** The name the seat was last seen with, for "Continue as <name>". */
  name: string;
  /** Wall-clock milliseconds when the seat was last used. */
  savedAt: number;
}

/** The part of `Storage` this module uses. */
export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Settings of {@link SeatMemory}. */
export interface SeatMemoryOptions {
  /** The storage, looked up on each use: reading `localStorage` itself can throw. */
  storage: () => StorageLike;
  /** Wall clock in milliseconds (the entries outlive the page, so not a monotonic one). */
  now: () => number;
  maxAgeMs?: number;
  maxEntries?: number;
}

/** Defaults of {@link SeatMemoryOptions}. */
export const SEAT_MEMORY_LIMITS = {
  maxAgeMs: 24 * 60 * 60 * 1000,
  maxEntries: 20,
} as const;

/** The `localStorage` key that holds every remembered seat. */
export const SEAT_MEMORY_KEY = "lobby-seats";

type _Entries = Record<string, RememberedSeat>;

/** Remembered seats by lobby code; see the module doc. */
export class SeatMemory {
  readonly #storage: () => StorageLike;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;

  constructor(options: SeatMemoryOptions) {
    this.#storage = options.storage;
    this.#now = options.now;
    this.#maxAgeMs = options.maxAgeMs ?? SEAT_MEMORY_LIMITS.maxAgeMs;
    this.#maxEntries = options.maxEntries ?? SEAT_MEMORY_LIMITS.maxEntries;
  }

  /** The seat remembered for lobby `code`, unless it is missing or too old. */
  load(code: string): RememberedSeat | null {
    return this.#read()[code] ?? null;
  }

  /** Remembers (or refreshes) the seat for lobby `code`; a later seat replaces an earlier one. */
  remember(code: string, seat: Omit<RememberedSeat, "savedAt">): void {
    const entries = this.#read();
    entries[code] = {
      playerId: seat.playerId,
      token: seat.token,
      name: seat.name,
      savedAt: this.#now(),
    };
    this.#write(entries);
  }

  /**
   * Forgets the seat for lobby `code`. With `playerId`, only when the remembered seat is that
   * player's: a tab leaving as one player must not erase the seat another tab remembered.
   */
  forget(code: string, playerId?: string): void {
    const entries = this.#read();
    const seat = entries[code];
    if (!seat || (playerId !== undefined && seat.playerId !== playerId)) return;
    delete entries[code];
    this.#write(entries);
  }

  /** Every valid, fresh entry, at most `maxEntries` of them, newest first. */
  #read(): _Entries {
    let raw: string | null = null;
    try {
      raw = this.#storage().getItem(SEAT_MEMORY_KEY);
    } catch {
      return {};
    }
    if (raw === null) return {};
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return {};
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
    const oldest = this.#now() - this.#maxAgeMs;
    const fresh = Object.entries(value as Record<string, unknown>)
      .filter((entry): entry is [string, RememberedSeat] => _isSeat(entry[1]))
      .filter(([, seat]) => seat.savedAt >= oldest)
      .sort(([, a], [, b]) => b.savedAt - a.savedAt)
      .slice(0, this.#maxEntries);
    return Object.fromEntries(fresh);
  }

  #write(entries: _Entries): void {
    const kept = Object.entries(entries)
      .sort(([, a], [, b]) => b.savedAt - a.savedAt)
      .slice(0, this.#maxEntries);
    try {
      if (kept.length === 0) this.#storage().removeItem(SEAT_MEMORY_KEY);
      else this.#storage().setItem(SEAT_MEMORY_KEY, JSON.stringify(Object.fromEntries(kept)));
    } catch {
      // Storage is off or full: this seat lasts as long as the tab.
    }
  }
}

function _isSeat(value: unknown): value is RememberedSeat {
  if (typeof value !== "object" || value === null) return false;
  const seat = value as Record<string, unknown>;
  return typeof seat.playerId === "string" && typeof seat.token === "string" &&
    typeof seat.name === "string" && typeof seat.savedAt === "number" &&
    Number.isFinite(seat.savedAt);
}
