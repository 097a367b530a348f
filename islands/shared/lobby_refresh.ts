/**
 * A join page that cannot join (the lobby is full, or its game started) looks at the lobby again
 * every few seconds, so a freed seat shows without a reload. It stops as soon as the page can
 * join, when the lobby is gone, or when the page goes away; a hidden tab skips its looks.
 *
 * @example
 * ```ts
 * useBlockedRefresh(code, joinBlocker(lobby), { onLobby: setLobby, onGone: showMissing });
 * ```
 */
import { useEffect, useRef } from "preact/hooks";
import type { PublicLobby } from "../../lib/protocol.ts";
import { fetchLobby } from "./api.ts";

/** How often a blocked join page looks again. */
export const BLOCKED_REFRESH_MS = 5_000;

/** What {@link useBlockedRefresh} reports. */
export interface BlockedRefreshHandlers {
  onLobby(lobby: PublicLobby): void;
  /** The lobby no longer exists; no more looks follow. */
  onGone(): void;
}

/** Looks at lobby `code` every {@link BLOCKED_REFRESH_MS} while `blocked` is not null. */
export function useBlockedRefresh(
  code: string | null,
  blocked: string | null,
  handlers: BlockedRefreshHandlers,
): void {
  // The latest handlers, without restarting the timer each render.
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (code === null || blocked === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      const result = document.hidden ? null : await fetchLobby(code);
      if (stopped) return;
      if (result?.ok) latest.current.onLobby(result.data.lobby);
      else if (result?.failure.code === "lobby_not_found") {
        latest.current.onGone();
        return;
      }
      timer = setTimeout(look, BLOCKED_REFRESH_MS);
    };
    timer = setTimeout(look, BLOCKED_REFRESH_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [code, blocked]);
}
