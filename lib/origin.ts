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

/**
 * The host the browser asked for: `Host`, or behind `trustProxy` (> 0) proxies the
 * `X-Forwarded-Host` entry of the outermost trusted one, the proxy the browser talked to (a proxy
 * may rewrite `Host` to its upstream's address). Entries are counted from the right, as for
 * `X-Forwarded-For`; a list shorter than that takes its first entry.
 *
 * @example
 * ```ts
 * const headers = new Headers({ host: "127.0.0.1:8000", "x-forwarded-host": "game.example" });
 * requestHost(headers, 1); // "game.example"
 * requestHost(headers, 0); // "127.0.0.1:8000"
 * ```
 */
export function requestHost(headers: Headers, trustProxy: number): string | null {
  if (trustProxy > 0) {
    const hosts = headers.get("x-forwarded-host")?.split(",") ?? [];
    const forwarded = hosts[Math.max(hosts.length - trustProxy, 0)]?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get("host");
}
