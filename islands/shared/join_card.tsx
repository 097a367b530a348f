/**
 * The lobby page for someone without a seat yet: whose lobby it is, who is in it, and a name
 * field with a Join button. Used by {@link LobbyApp}, which does the joining.
 */
import { useEffect, useState } from "preact/hooks";
import type { JSX } from "preact";
import type { PublicLobby } from "../../lib/protocol.ts";
import { PlayerList } from "./lobby_views.tsx";
import { loadName } from "./session.ts";

/** Props of {@link JoinCard}. */
export interface JoinCardProps {
  code: string;
  lobby: PublicLobby | null;
  /** Why the player is here again (a seat that expired, say). */
  notice: string | null;
  error: string | null;
  busy: boolean;
  maxNameLength: number;
  onJoin(name: string): void;
}

/** Join form for a lobby reached through its share link. */
export function JoinCard(props: JoinCardProps): JSX.Element {
  const { code, lobby, notice, error, busy, maxNameLength, onJoin } = props;
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => setName((current) => current || loadName()), []);

  const host = lobby?.players.find((p) => p.id === lobby.hostId);
  const full = lobby !== null && lobby.players.length >= lobby.maxPlayers;
  const started = lobby?.status === "playing";
  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === "") {
      setProblem("Please type your name first.");
      return;
    }
    setProblem(null);
    onJoin(trimmed);
  };

  return (
    <section class="card" aria-labelledby="join-title">
      <p class="eyebrow">Join code</p>
      <p class="join-code">{code}</p>
      <h1 id="join-title" class="join-title">
        {host ? `Join ${host.name}'s lobby` : "Join this lobby"}
      </h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      {lobby && <PlayerList lobby={lobby} me={null} />}
      {started && <p class="notice">This game has already started, so no one can join it now.</p>}
      {!started && full && <p class="notice">This lobby is full.</p>}
      <form class="join-row" onSubmit={submit}>
        <label class="field grow">
          <span class="field-label">Your name</span>
          <input
            name="name"
            value={name}
            maxLength={maxNameLength}
            autoComplete="nickname"
            placeholder="e.g. Grace"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button primary" disabled={busy || started || full}>
          {busy ? "Joining…" : "Join"}
        </button>
      </form>
      <p class="error" role="alert">{problem ?? error}</p>
      <p class="muted small">
        Wrong lobby? <a href="/">Go to the home page</a>
      </p>
    </section>
  );
}
