/**
 * The presentational pieces of the lobby page: the join code with its share link, the player
 * list, the connection pill, and the loading and not-found cards. They hold no connection
 * logic; `LobbyApp` feeds them.
 */
import { useEffect, useState } from "preact/hooks";
import type { JSX } from "preact";
import type { ConnectionStatus } from "../../lib/client_socket.ts";
import type { PublicLobby } from "../../lib/protocol.ts";
import { assignColors } from "./player_look.ts";

/** The join code, big, with the link to share and a button that copies it. */
export function ShareCard({ code }: { code: string }): JSX.Element {
  const [url, setUrl] = useState(`/lobby/${code}`);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);

  useEffect(() => setUrl(`${location.origin}/lobby/${code}`), [code]);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      // No clipboard permission (or an insecure origin): select the text for a manual copy.
      const input = document.getElementById("share-url") as HTMLInputElement | null;
      input?.select();
      setCopied("no");
    }
  };

  return (
    <section class="card share-card" aria-labelledby="code-label">
      <p id="code-label" class="eyebrow">Join code</p>
      <p class="join-code" data-join-code={code}>{code}</p>
      <div class="share-row">
        <label class="visually-hidden" for="share-url">Share link</label>
        <input
          id="share-url"
          class="share-url"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="button" onClick={copy}>
          {copied === "yes" ? "Copied!" : "Copy link"}
        </button>
      </div>
      <p class="muted small" aria-live="polite">
        {copied === "no"
          ? "Press Ctrl+C (or long-press) to copy the link."
          : "Send this link to your friends."}
      </p>
    </section>
  );
}

/** Props of {@link PlayerList}. */
export interface PlayerListProps {
  lobby: PublicLobby;
  /** This tab's player, marked "you"; null for someone not in the lobby. */
  me: string | null;
  /** Colour by player id (see `assignColors`); computed from the ids when not given. */
  colors?: ReadonlyMap<string, string>;
  /** Players whose connection dropped and who may come back. */
  away?: ReadonlySet<string>;
}

/** The players of a lobby, host, "you" and away players marked. */
export function PlayerList({ lobby, me, colors, away }: PlayerListProps): JSX.Element {
  const colorOf = colors ?? assignColors(lobby.players.map((p) => p.id));
  return (
    <ul class="players" aria-label="Players">
      {lobby.players.map((player) => {
        const isAway = away?.has(player.id) ?? false;
        return (
          <li
            key={player.id}
            class={isAway ? "player player-is-away" : "player"}
            data-player-id={player.id}
            data-away={isAway ? "true" : undefined}
          >
            <svg
              class="player-swatch"
              viewBox="0 0 20 20"
              width="20"
              height="20"
              aria-hidden="true"
            >
              <circle cx="10" cy="10" r="9" fill={colorOf.get(player.id)} />
            </svg>
            <span class="player-name" title={player.name}>{player.name}</span>
            {isAway && <span class="player-away">(away)</span>}
            <span class="player-tags">
              {player.id === lobby.hostId && <span class="tag tag-host">host</span>}
              {player.id === me && <span class="tag tag-you">you</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

const _PILL_TEXT: Record<ConnectionStatus, string> = {
  connecting: "Connecting",
  open: "Live",
  retrying: "Reconnecting",
  stopped: "Offline",
};

/** A small live/offline indicator; `data-connection` carries the status for tests. */
export function ConnectionPill({ status }: { status: ConnectionStatus }): JSX.Element {
  return (
    <span class={`pill pill-${status}`} data-connection={status}>
      <span class="pill-dot" aria-hidden="true" />
      {_PILL_TEXT[status]}
    </span>
  );
}

/** The lobby page before its first look at the lobby. */
export function LobbyLoading({ code }: { code: string }): JSX.Element {
  return (
    <section class="card center" aria-busy="true">
      <p class="eyebrow">Join code</p>
      <p class="join-code">{code}</p>
      <p class="muted">Loading the lobby…</p>
    </section>
  );
}

/** The lobby page for a code no lobby has (any more). */
export function LobbyMissing({ text }: { text: string }): JSX.Element {
  return (
    <section class="card center" data-lobby-missing>
      <h1>Lobby not found</h1>
      <p>{text}</p>
      <a class="button primary" href="/">Back to home</a>
    </section>
  );
}
