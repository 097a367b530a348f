/**
 * Which browser pages may open a game socket. Browsers always send `Origin` on a WebSocket
 * handshake; other clients (load testers, game servers) do not, and their token decides alone.
 *
 * @example
 * ```ts
 * isOriginAllowed("https://game.example", "game.example", []); // true: same origin
 * isOriginAllowed("https://evil.example", "game.example", []); // false
 * ```
 */

/**
 * True when a handshake with `origin` may proceed. With no `allowed` list only the server's own
 * origin (its `Host`) is accepted; `"*"` in the list accepts every origin.
 */
export function isOriginAllowed(
  origin: string | null,
  host: string | null,
  allowed: readonly string[],
): boolean {
  if (origin === null) return true;
  if (allowed.includes("*")) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" and other opaque origins.
  }
  if (allowed.length > 0) return allowed.includes(url.origin);
  return host !== null && url.host.toLowerCase() === host.toLowerCase();
}
