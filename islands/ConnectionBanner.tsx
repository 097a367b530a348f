/**
 * A slim banner for connection trouble that is not a full server (that one gets
 * {@link ServerBusyModal}): reconnecting, a server restart, another tab taking over, a lobby that
 * is gone. It offers the one action that makes sense for each.
 */
import type { JSX } from "preact";
import type { ConnectionState } from "../lib/client_socket.ts";
import { useCountdown } from "./shared/countdown.ts";
import { isBusy } from "./ServerBusyModal.tsx";

/** Props of {@link ConnectionBanner}. */
export interface ConnectionBannerProps {
  state: ConnectionState;
  now: () => number;
  onRetry: () => void;
}

interface BannerContent {
  text: string;
  tone: "info" | "warn" | "error";
  action?: { label: string; retry: true } | { label: string; href: string };
}

/** What to say about `state`, or null when all is well (or the busy modal speaks). */
export function bannerContent(
  state: ConnectionState,
  seconds: number | null,
): BannerContent | null {
  if (state.status === "open" || isBusy(state) || state.reason === "left") return null;
  const stopped = state.status === "stopped";
  const retry = { label: "Try again", retry: true } as const;
  const when = state.status === "retrying" && seconds !== null
    ? ` Next try in ${seconds}\u00a0s.`
    : "";
  switch (state.reason) {
    case null:
      return state.status === "connecting" ? { text: "Connecting…", tone: "info" } : null;
    case "server_shutdown":
      return stopped
        ? {
          text: "The server is taking longer than usual to restart.",
          tone: "warn",
          action: retry,
        }
        : { text: `The server is restarting. Reconnecting…${when}`, tone: "warn" };
    case "replaced":
      return {
        text: "You opened this game in another tab.",
        tone: "info",
        action: { label: "Play here", retry: true },
      };
    case "lobby_not_found":
      return {
        text: "This lobby no longer exists.",
        tone: "error",
        action: { label: "Back to home", href: "/" },
      };
    case "unauthorized":
      return { text: "Your seat in this lobby has expired.", tone: "error" };
    case "rate_limited":
    case "invalid_messages":
      return {
        text: "You were disconnected for sending too many messages.",
        tone: "error",
        action: { label: "Reconnect", retry: true },
      };
    case "message_too_big":
      return {
        text: "The connection was closed after a message went wrong.",
        tone: "error",
        action: { label: "Reconnect", retry: true },
      };
    default:
      return stopped
        ? { text: "Can't reach the server right now.", tone: "error", action: retry }
        : { text: `Connection lost. Reconnecting…${when}`, tone: "warn" };
  }
}

/** The banner; renders nothing when there is nothing to say. */
export function ConnectionBanner(
  { state, now, onRetry }: ConnectionBannerProps,
): JSX.Element | null {
  const seconds = useCountdown(state.status === "retrying" ? state.nextRetryAt : null, now);
  const content = bannerContent(state, seconds);
  if (content === null) return null;
  const action = content.action;
  return (
    <div
      class={`banner banner-${content.tone}`}
      role="status"
      data-connection-reason={state.reason ?? ""}
    >
      <span>{content.text}</span>
      {action && "href" in action && <a class="button small" href={action.href}>{action.label}</a>}
      {action && "retry" in action && (
        <button type="button" class="button small" onClick={onRetry}>{action.label}</button>
      )}
    </div>
  );
}
