/**
 * Where the browser keeps its seats. Each tab holds `{playerId, token}` per lobby code in
 * `sessionStorage`, so each tab can be a different player and a reload takes the same seat
 * again. Every seat is also remembered across tabs in `localStorage` (see {@link SeatMemory}),
 * so the share link opened in a new tab can offer to continue with it. The last name typed is
 * kept in `localStorage` as a convenience. Storage that is missing or full (private modes) is
 * treated as empty; nothing here throws.
 */
import { type RememberedSeat, SeatMemory } from "./seat_memory.ts";

/** The credentials of one seat. */
export interface StoredSeat {
  playerId: string;
  token: string;
}

const _SEAT_PREFIX = "lobby-seat:";
const _NAME_KEY = "lobby-name";

const _memory = new SeatMemory({ storage: () => localStorage, now: () => Date.now() });

/** The seat this tab holds in lobby `code`, if any. */
export function loadSeat(code: string): StoredSeat | null {
  const raw = _get(() => sessionStorage, _SEAT_PREFIX + code);
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSeat>;
    if (typeof value.playerId === "string" && typeof value.token === "string") {
      return { playerId: value.playerId, token: value.token };
    }
  } catch {
    // A corrupt entry is as good as none.
  }
  return null;
}

/** Takes `seat` in lobby `code` for this tab, and remembers it for other tabs under `name`. */
export function saveSeat(code: string, seat: StoredSeat, name: string): void {
  _set(() => sessionStorage, _SEAT_PREFIX + code, JSON.stringify(seat));
  rememberSeat(code, seat, name);
}

/** Refreshes the cross-tab memory of a seat in use (its time, and its name as the lobby has it). */
export function rememberSeat(code: string, seat: StoredSeat, name: string): void {
  _memory.remember(code, { playerId: seat.playerId, token: seat.token, name });
}

/** The seat some tab of this browser held in lobby `code` in the last day, if any. */
export function loadRememberedSeat(code: string): RememberedSeat | null {
  return _memory.load(code);
}

/** Forgets the seat of `playerId` in lobby `code`, in this tab and in the cross-tab memory. */
export function forgetSeat(code: string, playerId: string): void {
  const mine = loadSeat(code);
  if (mine === null || mine.playerId === playerId) {
    _set(() => sessionStorage, _SEAT_PREFIX + code, null);
  }
  _memory.forget(code, playerId);
}

/** The last name this browser played under, or "". */
export function loadName(): string {
  return _get(() => localStorage, _NAME_KEY) ?? "";
}

/** Remembers the name for the next visit. */
export function saveName(name: string): void {
  _set(() => localStorage, _NAME_KEY, name);
}

function _get(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function _set(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // Storage is off or full: the seat lasts as long as the page.
  }
}
