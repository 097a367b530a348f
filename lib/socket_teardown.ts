/**
 * Drops a server WebSocket's TCP connection when the peer never answers our close frame.
 *
 * Once `close()` has sent the close frame, Deno's server WebSocket waits for the peer's close
 * frame with no time limit, and its idle timeout runs only while the socket is OPEN. A client
 * that ignores the close, or that has started a frame of up to 64 MiB and stops sending, keeps
 * the connection and everything Deno buffered for it until it hangs up (seen on Deno 2.9.6:
 * hundreds of MB held for minutes). No public API closes the transport, so
 * {@link dropTransport} reaches Deno's internal resource table (closing only a resource that is
 * a server WebSocket), and a warning says once when it cannot; the endpoint's test checks on
 * every run that it still works on the Deno in use.
 *
 * @example
 * ```ts
 * socket.close(4004, "lobby_not_found");
 * const cancel = dropIfNoCloseWithin(socket, 5_000);
 * socket.addEventListener("close", cancel);
 * ```
 */

interface _Core {
  tryClose(rid: number): void;
  resources(): Record<number, string>;
}

// The resource a server WebSocket's rid names on Deno 2.9; anything else is left alone.
const _RESOURCE_NAME = "serverWebSocket";
let _ridSymbol: symbol | undefined;
let _warned = false;

/**
 * Closes `socket`'s transport at once: its `close` event follows (code 1005). Returns false,
 * changing nothing, when this Deno offers no way to do it.
 */
export function dropTransport(socket: WebSocket): boolean {
  const core = _core();
  const rid = _rid(socket);
  if (core === null || rid === null) return false;
  try {
    // Only ever the socket's own resource, should the internals ever name something else.
    if (core.resources()[rid] !== _RESOURCE_NAME) return false;
    core.tryClose(rid);
    return true;
  } catch {
    return false;
  }
}

/** Drops `socket`'s transport after `ms` unless cancelled first (on its `close` event). */
export function dropIfNoCloseWithin(socket: WebSocket, ms: number): () => void {
  const timer = setTimeout(() => {
    if (socket.readyState === WebSocket.CLOSED || dropTransport(socket) || _warned) return;
    _warned = true;
    console.warn(
      "This Deno offers no way to drop a WebSocket that ignores its close frame; such peers " +
        "keep their connections until they hang up. Put a proxy with timeouts in front.",
    );
  }, ms);
  return () => clearTimeout(timer);
}

function _core(): _Core | null {
  const deno = Deno as unknown as Record<symbol, { core?: Partial<_Core> } | undefined>;
  const internal = (Deno as unknown as { internal?: symbol }).internal;
  const core = internal === undefined ? undefined : deno[internal]?.core;
  return typeof core?.tryClose === "function" && typeof core.resources === "function"
    ? core as _Core
    : null;
}

function _rid(socket: WebSocket): number | null {
  _ridSymbol ??= Object.getOwnPropertySymbols(socket).find((s) => s.description === "[[rid]]");
  if (_ridSymbol === undefined) return null;
  const rid = (socket as unknown as Record<symbol, unknown>)[_ridSymbol];
  return typeof rid === "number" ? rid : null;
}
