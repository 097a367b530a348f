/**
 * Where a tab keeps its seats: `{playerId, token}` per lobby code in `sessionStorage`, so each tab
 * can be a different player and a reload takes the same seat again. The last name typed is kept
 * in `localStorage` as a convenience. Storage that is missing or full (private modes) is treated
 * as empty; nothing here throws.
 */

/** The credentials of one seat. */
export interface StoredSeat {
  playerId: string;
  token: string;
}

const _SEAT_PREFIX = "lobby-seat:";
const _NAME_KEY = "lobby-name";

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

/** Remembers this tab's seat in lobby `code`. */
export function saveSeat(code: string, seat: StoredSeat): void {
  _set(() => sessionStorage, _SEAT_PREFIX + code, JSON.stringify(seat));
}

/** Forgets this tab's seat in lobby `code`. */
export function forgetSeat(code: string): void {
  _set(() => sessionStorage, _SEAT_PREFIX + code, null);
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
