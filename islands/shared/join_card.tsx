/**
 * The lobby page for someone without a seat in this tab: {@link JoinCard} (whose lobby it is,
 * who is in it, a name field and a Join button) and {@link ReturnCard} (this browser held a seat
 * here in another tab: continue with it, or join as someone new). Used by `LobbyApp`, which does
 * the joining and the reconnecting.
 */
import { useEffect, useState } from "preact/hooks";
import type { JSX } from "preact";
import type { PublicLobby } from "../../lib/protocol.ts";
import { nameKey } from "../../lib/player_name.ts";
import { PlayerList } from "./lobby_views.tsx";
import { NameField, nameProblem } from "./name_field.tsx";
import { loadName } from "./session.ts";

/** Why nobody can join a lobby right now, or null when they can. */
export function joinBlocker(lobby: PublicLobby | null): "started" | "full" | null {
  if (lobby === null) return null;
  if (lobby.status === "playing") return "started";
  return lobby.players.length >= lobby.maxPlayers ? "full" : null;
}

/** Props of {@link JoinCard}. */
export interface JoinCardProps {
  code: string;
  lobby: PublicLobby | null;
  colors: ReadonlyMap<string, string>;
  /** Why the player is here again (a seat that expired, say). */
  notice: string | null;
  error: string | null;
  busy: boolean;
  maxNameLength: number;
  onJoin(name: string): void;
}

/** Join form for a lobby reached through its share link. */
export function JoinCard(props: JoinCardProps): JSX.Element {
  const { code, lobby, colors, notice, error, busy, maxNameLength, onJoin } = props;
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  // The name used last time, taken back once the lobby shows someone already has it (often this
  // browser's own seat, when joining as someone new): then the first try could only fail.
  useEffect(() => setName((current) => current || loadName()), []);
  const loaded = lobby !== null;
  useEffect(() => {
    if (lobby === null) return;
    const saved = loadName();
    if (!lobby.players.some((p) => nameKey(p.name) === nameKey(saved))) return;
    setName((current) => current === saved ? "" : current);
  }, [loaded]);

  const blocker = joinBlocker(lobby);
  const submit = (event: Event) => {
    event.preventDefault();
    const found = nameProblem(name, maxNameLength);
    setProblem(found);
    if (found === null) onJoin(name.trim());
  };

  return (
    <section class="card" aria-labelledby="join-title">
      <LobbyHeading code={code} lobby={lobby} />
      {notice && <p class="notice" role="status">{notice}</p>}
      {lobby && <PlayerList lobby={lobby} me={null} colors={colors} />}
      {blocker === "started" && (
        <>
          <p class="notice" data-join-blocked="started">
            This game has already started, so no one new can join it.
          </p>
          {/* A form that can never be sent would only be a dead end. */}
          <a class="button primary" href="/">Start your own lobby</a>
        </>
      )}
      {blocker === "full" && (
        <p class="notice" data-join-blocked="full">
          This lobby is full. If someone leaves, you can join: this page checks every few seconds.
        </p>
      )}
      {blocker !== "started" && (
        <form class="join-row" onSubmit={submit}>
          <NameField
            class="grow"
            value={name}
            maxLength={maxNameLength}
            placeholder="e.g. Grace"
            onInput={(value) => {
              setName(value);
              setProblem(null);
            }}
          />
          <button type="submit" class="button primary" disabled={busy || blocker !== null}>
            {busy ? "Joining…" : "Join"}
          </button>
        </form>
      )}
      <p class="error" role="alert">{problem ?? error}</p>
      <p class="muted small join-footer">
        Wrong lobby? <a href="/">Go to the home page</a>
      </p>
    </section>
  );
}

/** Props of {@link ReturnCard}. */
export interface ReturnCardProps {
  code: string;
  lobby: PublicLobby | null;
  colors: ReadonlyMap<string, string>;
  /** The remembered seat's player. */
  playerId: string;
  name: string;
  error: string | null;
  onContinue(): void;
  onJoinNew(): void;
}

/** "Continue as <name>" for a seat this browser holds in another (or a closed) tab. */
export function ReturnCard(props: ReturnCardProps): JSX.Element {
  const { code, lobby, colors, playerId, name, error, onContinue, onJoinNew } = props;
  const waiting = lobby === null || lobby.status === "waiting";
  return (
    <section class="card" aria-labelledby="join-title" data-return-card>
      <LobbyHeading code={code} lobby={lobby} back />
      <p>
        This browser has a seat in this {waiting ? "lobby" : "game"} as{" "}
        <strong class="return-name">{name}</strong>.
      </p>
      {lobby && <PlayerList lobby={lobby} me={playerId} colors={colors} />}
      <div class="return-actions">
        <button type="button" class="button primary continue" onClick={onContinue}>
          Continue as {name}
        </button>
        {waiting && (
          <button type="button" class="button ghost" onClick={onJoinNew}>
            Join as someone new
          </button>
        )}
      </div>
      <p class="error" role="alert">{error}</p>
      <p class="muted small join-footer">
        Wrong lobby? <a href="/">Go to the home page</a>
      </p>
    </section>
  );
}

function LobbyHeading(
  { code, lobby, back = false }: { code: string; lobby: PublicLobby | null; back?: boolean },
): JSX.Element {
  const host = lobby?.players.find((p) => p.id === lobby.hostId);
  const title = back ? "Welcome back" : host ? `Join ${host.name}'s lobby` : "Join this lobby";
  return (
    <>
      <p class="eyebrow">Join code</p>
      <p class="join-code">{code}</p>
      <h1 id="join-title" class="join-title">{title}</h1>
    </>
  );
}
