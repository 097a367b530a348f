/**
 * Player tokens: `<playerId>.<secret>`, bound to one lobby and one player.
 *
 * The player id travels in the clear so the WebSocket endpoint can tell, before any await, which
 * player a connection claims to be (a reconnect replaces the older socket instead of counting
 * twice). Only a SHA-256 hash of the secret is stored, so a leaked store does not leak tokens.
 *
 * @example
 * ```ts
 * const issued = await issueToken();
 * await verifyToken(issued.token, issued.playerId, issued.secretHash); // true
 * ```
 */

const _ID_BYTES = 9; // 12 base64url characters
const _SECRET_BYTES = 32; // 256 bits: unguessable
const _TOKEN_PATTERN = /^([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/;

/** A newly issued token with what the store keeps of it. */
export interface IssuedToken {
  playerId: string;
  token: string;
  secretHash: string;
}

/** Makes a new player id and token. */
export async function issueToken(): Promise<IssuedToken> {
  const playerId = _base64url(crypto.getRandomValues(new Uint8Array(_ID_BYTES)));
  const secret = _base64url(crypto.getRandomValues(new Uint8Array(_SECRET_BYTES)));
  return { playerId, token: `${playerId}.${secret}`, secretHash: await _hash(secret) };
}

/** The player id a token claims, or null if it is not shaped like a token. Verifies nothing. */
export function claimedPlayerId(token: string): string | null {
  return _TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/** True when `token` is the one issued to `playerId` with `secretHash`. */
export async function verifyToken(
  token: string,
  playerId: string,
  secretHash: string,
): Promise<boolean> {
  const match = _TOKEN_PATTERN.exec(token);
  if (!match || match[1] !== playerId) return false;
  return _constantTimeEqual(await _hash(match[2]!), secretHash);
}

async function _hash(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return _base64url(new Uint8Array(digest));
}

function _base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function _constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
