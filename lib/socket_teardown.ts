/**
 * Drops a server WebSocket's TCP connection when the peer never answers our close frame.
 *
 * Once `close()` has sent the close frame, Deno's server WebSocket waits for the peer's close
 * frame with no time limit, and its idle timeout runs only while the socket is OPEN. A client
 * that ignores the close, or that has started a frame of up to 64 MiB and stops sending, keeps
 * the connection and everything Deno buffered for it until it hangs up (seen on Deno 2.9.6:
 * hundreds of MB held for minutes). No public API closes the transport, so
 * {@link dropTransport} reaches Deno's internal resource table, and says when it cannot; the
 * endpoint's test checks on every run that it still works on the Deno in use.
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
}

let _ridSymbol: symbol | undefined;

/**
 * Closes `socket`'s transport at once: its `close` event follows (code 1005). Returns false,
 * changing nothing, when this Deno offers no way to do it.
 */
export function dropTransport(socket: WebSocket): boolean {
  const core = _core();
  const rid = _rid(socket);
  if (core === null || rid === null) return false;
  try {
    core.tryClose(rid);
    return true;
  } catch {
    return false;
  }
}

/** Drops `socket`'s transport after `ms` unless cancelled first (on its `close` event). */
export function dropIfNoCloseWithin(socket: WebSocket, ms: number): () => void {
  const timer = setTimeout(() => {
    if (socket.readyState !== WebSocket.CLOSED) dropTransport(socket);
  }, ms);
  return () => clearTimeout(timer);
}

function _core(): _Core | null {
  const deno = Deno as unknown as Record<symbol, { core?: Partial<_Core> } | undefined>;
  const internal = (Deno as unknown as { internal?: symbol }).internal;
  const core = internal === undefined ? undefined : deno[internal]?.core;
  return typeof core?.tryClose === "function" ? core as _Core : null;
}

function _rid(socket: WebSocket): number | null {
  _ridSymbol ??= Object.getOwnPropertySymbols(socket).find((s) => s.description === "[[rid]]");
  if (_ridSymbol === undefined) return null;
  const rid = (socket as unknown as Record<symbol, unknown>)[_ridSymbol];
  return typeof rid === "number" ? rid : null;
}
