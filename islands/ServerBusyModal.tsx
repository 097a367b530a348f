/**
 * What a player sees when a connection limit turns them away (4003 `server_full` or
 * `lobby_full`): a modal dialog with the reason, a countdown to the next automatic try, a
 * "Try again" button, and a way out ("Leave lobby") so the dialog is never a dead end. It is
 * rendered by {@link LobbyApp}, which owns the socket.
 */
import { useEffect, useRef } from "preact/hooks";
import type { JSX } from "preact";
import type { ConnectionState } from "../lib/client_socket.ts";
import { useCountdown } from "./shared/countdown.ts";

/** The exact words for a full server, from the launch design. */
export const SERVER_FULL_TEXT = "Servers are busy right now. Please try again in a few minutes!";
/** The words for a lobby with too many open connections. */
export const LOBBY_FULL_TEXT =
  "This lobby has too many connections right now. Please try again in a moment.";

/** Props of {@link ServerBusyModal}. */
export interface ServerBusyModalProps {
  state: ConnectionState;
  /** The clock `state.nextRetryAt` is on. */
  now: () => number;
  onRetry: () => void;
  /** Gives the seat up (the dialog's way out). */
  onLeave: () => void;
}

/** True when the state calls for the busy modal rather than the banner. */
export function isBusy(state: ConnectionState): boolean {
  return state.status !== "open" &&
    (state.reason === "server_full" || state.reason === "lobby_full");
}

/** The "servers are busy" dialog; renders nothing unless {@link isBusy}. */
export function ServerBusyModal(
  { state, now, onRetry, onLeave }: ServerBusyModalProps,
): JSX.Element | null {
  const busy = isBusy(state);
  const button = useRef<HTMLButtonElement>(null);
  const leave = useRef<HTMLButtonElement>(null);
  const seconds = useCountdown(busy ? state.nextRetryAt : null, now);

  useEffect(() => {
    if (busy) button.current?.focus();
  }, [busy]);

  if (!busy) return null;
  const serverFull = state.reason === "server_full";
  let progress: string;
  if (state.status === "connecting") progress = "Trying to connect…";
  else if (state.status === "retrying" && seconds !== null) {
    progress = `We'll try again automatically in ${seconds}\u00a0s.`;
  } else progress = "We've stopped trying for now.";

  // Keep keyboard focus inside the dialog, moving between its two buttons.
  const trapFocus = (event: KeyboardEvent) => {
    if (event.key === "Tab") {
      event.preventDefault();
      (document.activeElement === button.current ? leave : button).current?.focus();
    }
  };

  return (
    <div class="modal-backdrop">
      <div
        class="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="busy-title"
        aria-describedby="busy-message busy-progress"
        data-busy-reason={state.reason ?? undefined}
        onKeyDown={trapFocus}
      >
        <div class="modal-icon" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="40" height="40">
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M12 6v6l4 2" fill="none" stroke="currentColor" stroke-width="2" />
          </svg>
        </div>
        <h2 id="busy-title">{serverFull ? "We're at capacity" : "This lobby is busy"}</h2>
        <p id="busy-message" class="busy-message">
          {serverFull ? SERVER_FULL_TEXT : LOBBY_FULL_TEXT}
        </p>
        <p id="busy-progress" class="muted">{progress}</p>
        <button ref={button} type="button" class="button primary wide" onClick={onRetry}>
          Try again
        </button>
        <button ref={leave} type="button" class="button ghost wide" onClick={onLeave}>
          Leave lobby
        </button>
      </div>
    </div>
  );
}
