/**
 * Join codes: six characters from an alphabet without look-alikes, drawn without modulo bias.
 *
 * The alphabet drops 0/O and 1/I/L so a code read aloud or off a phone cannot be mistyped;
 * that leaves 31 symbols (31^6 ≈ 887 million codes). Input is case-insensitive.
 *
 * @example
 * ```ts
 * const code = generateJoinCode(); // "K7QX2M"
 * normalizeJoinCode(" k7qx2m "); // "K7QX2M"
 * ```
 */

/** The symbols a join code is made of. */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** Characters in a join code. */
export const JOIN_CODE_LENGTH = 6;

const _PATTERN = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);
// The largest multiple of the alphabet size that fits in a byte; bytes at or above it are
// redrawn so every symbol is exactly equally likely.
const _LIMIT = 256 - (256 % JOIN_CODE_ALPHABET.length);

/** A source of random bytes; `crypto.getRandomValues` unless a test passes its own. */
export type RandomBytes = (buffer: Uint8Array) => Uint8Array;

const _cryptoBytes: RandomBytes = (buffer) => crypto.getRandomValues(buffer);

/** Draws a fresh code. Collisions are checked by the caller against the store. */
export function generateJoinCode(random: RandomBytes = _cryptoBytes): string {
  let code = "";
  const buffer = new Uint8Array(16);
  while (code.length < JOIN_CODE_LENGTH) {
    random(buffer);
    for (const byte of buffer) {
      if (byte >= _LIMIT) continue;
      code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
      if (code.length === JOIN_CODE_LENGTH) break;
    }
  }
  return code;
}

/**
 * Upper-cases and trims user input; returns null when it cannot be a join code, so callers can
 * answer 400 `invalid_code` without touching the store.
 */
export function normalizeJoinCode(input: string): string | null {
  const trimmed = input.trim();
  // Only ASCII is upper-cased: "ß".toUpperCase() is "SS", which would let "ßßß" pass as a code.
  // deno-lint-ignore no-control-regex -- the range is all of ASCII.
  if (!/^[\x00-\x7f]*$/.test(trimmed)) return null;
  const code = trimmed.toUpperCase();
  return _PATTERN.test(code) ? code : null;
}
