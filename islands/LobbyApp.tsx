/**
 * The lobby page island (`/lobby/CODE`, the share link's target). Without a seat in this tab it
 * offers the seat this browser remembers from another tab ("Continue as <name>"), or shows the
 * lobby and asks for a name; with one it opens the lobby's socket and shows the live player
 * list, then the board once the game starts. Every failure ends in words for a person: a
 * friendly error, the connection banner, or the "servers are busy" modal.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import {
  ClientSocket,
  type ConnectionState,
  lobbySocketUrl,
  STOPPED_STATE,
} from "../lib/client_socket.ts";
import type { PublicLobby } from "../lib/protocol.ts";
import { ConnectionBanner } from "./ConnectionBanner.tsx";
import { GameBoard } from "./GameBoard.tsx";
import { ServerBusyModal } from "./ServerBusyModal.tsx";
import { fetchLobby, friendlyError, joinLobby, leaveLobby, startLobby } from "./shared/api.ts";
import { joinBlocker, JoinCard, ReturnCard } from "./shared/join_card.tsx";
import { LeaveButton } from "./shared/leave_button.tsx";
import { useBlockedRefresh } from "./shared/lobby_refresh.ts";
import {
  ConnectionPill,
  LobbyLoading,
  LobbyMissing,
  PlayerList,
  ShareCard,
} from "./shared/lobby_views.tsx";
import { assignColors, type Point } from "./shared/player_look.ts";
import type { RememberedSeat } from "./shared/seat_memory.ts";
import {
  forgetSeat,
  loadRememberedSeat,
  loadSeat,
  rememberSeat,
  saveName,
  saveSeat,
  type StoredSeat,
} from "./shared/session.ts";

/** Props of {@link LobbyApp}, serialized into the page by the server. */
export interface LobbyAppProps {
  /** The normalized join code, or null when the URL held something that cannot be one. */
  code: string | null;
  maxNameLength: number;
}

type Phase =
  | { kind: "loading" }
  | { kind: "missing"; text: string }
  | { kind: "guest"; notice: string | null }
  | { kind: "returning"; seat: RememberedSeat }
  | { kind: "member"; seat: StoredSeat };

/** The whole lobby page. */
export function LobbyApp({ code, maxNameLength }: LobbyAppProps): JSX.Element {
  const [phase, setPhase] = useState<Phase>(
    code === null ? { kind: "missing", text: "No lobby has that code." } : { kind: "loading" },
  );
  const [lobby, setLobby] = useState<PublicLobby | null>(null);
  const [connection, setConnection] = useState<ConnectionState>(STOPPED_STATE);
  const [socket, setSocket] = useState<ClientSocket | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [away, setAway] = useState<ReadonlySet<string>>(new Set());
  const positions = useRef(new Map<string, Point>());
  const knownColors = useRef<ReadonlyMap<string, string>>(new Map());

  // Colours stick to players for as long as this page shows them (see assignColors).
  const colors = useMemo(() => {
    const next = assignColors(lobby?.players.map((p) => p.id) ?? [], knownColors.current);
    knownColors.current = next;
    return next;
  }, [lobby]);

  // First look: a seat in this tab means playing; one remembered from another tab is offered;
  // otherwise the join form.
  useEffect(() => {
    if (code === null) return;
    const seat = loadSeat(code);
    const remembered = seat ? null : loadRememberedSeat(code);
    if (seat) setPhase({ kind: "member", seat });
    else if (remembered) setPhase({ kind: "returning", seat: remembered });
    else setPhase({ kind: "guest", notice: null });
    void fetchLobby(code).then((result) => {
      if (result.ok) setLobby((current) => current ?? result.data.lobby);
      else if (result.failure.code === "lobby_not_found") {
        setPhase({ kind: "missing", text: "No lobby has that code. It may have expired." });
      } else setActionError(friendlyError(result.failure));
    });
  }, [code]);

  // A remembered seat whose player is no longer in the lobby is not worth offering.
  useEffect(() => {
    if (code === null || phase.kind !== "returning" || lobby === null) return;
    if (lobby.players.some((p) => p.id === phase.seat.playerId)) return;
    forgetSeat(code, phase.seat.playerId);
    setPhase({ kind: "guest", notice: null });
  }, [code, phase, lobby]);

  // A join page that cannot join looks again now and then, until it can.
  useBlockedRefresh(code, phase.kind === "guest" ? joinBlocker(lobby) : null, {
    onLobby: setLobby,
    onGone: () => setPhase({ kind: "missing", text: "This lobby no longer exists." }),
  });

  const seat = phase.kind === "member" ? phase.seat : null;

  // A seat means a socket; it lives exactly as long as the seat.
  useEffect(() => {
    if (code === null || seat === null) return;
    const client = new ClientSocket({ url: lobbySocketUrl(location, code, seat.token) });
    const loseSeat = (notice: string) => {
      forgetSeat(code, seat.playerId);
      setPhase({ kind: "guest", notice });
    };
    client.onMessage((message) => {
      if (message.type === "positions" || message.type === "welcome") {
        const list = message.type === "welcome" ? message.positions : message.players;
        for (const { id, x, y } of list) positions.current.set(id, { x, y });
      }
      if (message.type === "welcome") {
        setAway(new Set(message.away));
        // The seat works: remember it (again) for other tabs, under the name the lobby shows.
        const name = message.lobby.players.find((p) => p.id === seat.playerId)?.name;
        if (name !== undefined) rememberSeat(code, seat, name);
      }
      if (message.type === "player_away") setAway((ids) => _with(ids, message.playerId, true));
      if (message.type === "player_back" || message.type === "player_left") {
        setAway((ids) => _with(ids, message.playerId, false));
      }
      if (message.type === "player_left") positions.current.delete(message.playerId);
      if (message.type === "player_left" && message.playerId === seat.playerId) {
        loseSeat("You left this lobby.");
        return;
      }
      if ("lobby" in message) setLobby(message.lobby);
    });
    client.onState((state) => {
      setConnection(state);
      if (state.status !== "stopped") return;
      // Our own close() unsubscribes first, so "left" here means the seat was given up
      // elsewhere (another tab with the same seat pressed Leave).
      if (state.reason === "left") loseSeat("You left this lobby.");
      else if (state.reason === "unauthorized") {
        loseSeat(friendlyError({ code: "unauthorized", message: "" }));
      } else if (state.reason === "lobby_not_found") {
        forgetSeat(code, seat.playerId);
        setPhase({ kind: "missing", text: "This lobby no longer exists." });
      }
    });
    setSocket(client);
    client.connect();
    const online = () => client.networkBack();
    addEventListener("online", online);
    return () => {
      removeEventListener("online", online);
      client.close();
    };
  }, [code, seat]);

  const now = useMemo(() => () => socket?.now() ?? performance.now(), [socket]);
  const retry = () => socket?.retryNow();

  const join = async (name: string) => {
    if (code === null) return;
    setBusy(true);
    setActionError(null);
    const result = await joinLobby(code, name);
    setBusy(false);
    if (!result.ok) {
      if (result.failure.code === "lobby_not_found") {
        setPhase({ kind: "missing", text: friendlyError(result.failure) });
      } else setActionError(friendlyError(result.failure));
      return;
    }
    saveName(name);
    const newSeat = { playerId: result.data.playerId, token: result.data.token };
    saveSeat(code, newSeat, name);
    setLobby(result.data.lobby);
    setPhase({ kind: "member", seat: newSeat });
  };

  const start = async () => {
    if (code === null || seat === null) return;
    setBusy(true);
    setActionError(null);
    const result = await startLobby(code, seat.token);
    setBusy(false);
    if (result.ok) setLobby(result.data.lobby);
    else setActionError(friendlyError(result.failure));
  };

  const leave = async () => {
    if (code === null || seat === null) return;
    setBusy(true);
    // Leaving locally happens whatever the server says: the seat is given up either way.
    await leaveLobby(code, seat.token);
    socket?.close();
    forgetSeat(code, seat.playerId);
    location.assign("/");
  };

  const continueAs = (remembered: RememberedSeat, name: string) => {
    if (code === null) return;
    const kept = { playerId: remembered.playerId, token: remembered.token };
    saveSeat(code, kept, name);
    setPhase({ kind: "member", seat: kept });
  };

  if (phase.kind === "loading" || code === null) {
    return phase.kind === "missing"
      ? <LobbyMissing text={phase.text} />
      : <LobbyLoading code={code ?? ""} />;
  }
  if (phase.kind === "missing") return <LobbyMissing text={phase.text} />;
  if (phase.kind === "returning") {
    const remembered = phase.seat;
    const name = lobby?.players.find((p) => p.id === remembered.playerId)?.name ??
      remembered.name;
    return (
      <ReturnCard
        code={code}
        lobby={lobby}
        colors={colors}
        playerId={remembered.playerId}
        name={name}
        error={actionError}
        onContinue={() => continueAs(remembered, name)}
        onJoinNew={() => setPhase({ kind: "guest", notice: null })}
      />
    );
  }
  if (phase.kind === "guest") {
    return (
      <JoinCard
        code={code}
        lobby={lobby}
        colors={colors}
        notice={phase.notice}
        error={actionError}
        busy={busy}
        maxNameLength={maxNameLength}
        onJoin={join}
      />
    );
  }

  const me = phase.seat.playerId;
  const overlays = (
    <>
      <ConnectionBanner state={connection} now={now} onRetry={retry} />
      <ServerBusyModal state={connection} now={now} onRetry={retry} onLeave={leave} />
    </>
  );

  if (lobby?.status === "playing" && socket) {
    return (
      <div class="play">
        <header class="play-bar">
          <span class="play-code" aria-label="Join code">{code}</span>
          <span class="muted play-count">
            {lobby.players.length} playing
            {away.size > 0 && <span class="play-away">· {away.size} away</span>}
          </span>
          <ConnectionPill status={connection.status} />
          <LeaveButton confirm class="small" disabled={busy} onLeave={leave} />
        </header>
        {overlays}
        <div class="board-wrap">
          <GameBoard
            players={lobby.players}
            colors={colors}
            away={away}
            me={me}
            link={socket}
            knownPositions={positions.current}
          />
        </div>
        <p class="hint muted">
          Move with the arrow keys or WASD, or press and drag on the board.
        </p>
      </div>
    );
  }

  const isHost = lobby?.hostId === me;
  return (
    <div class="stack">
      {overlays}
      <ShareCard code={code} />
      <section class="card" aria-labelledby="players-title">
        <div class="card-head">
          <h2 id="players-title">Players</h2>
          {lobby && <span class="muted">{lobby.players.length} / {lobby.maxPlayers}</span>}
          <ConnectionPill status={connection.status} />
        </div>
        {lobby
          ? <PlayerList lobby={lobby} me={me} colors={colors} away={away} />
          : <p class="muted">Loading players…</p>}
        <div class="actions">
          {isHost
            ? (
              <button type="button" class="button primary" onClick={start} disabled={busy}>
                Start game
              </button>
            )
            : <p class="muted waiting">Waiting for the host to start the game…</p>}
          <LeaveButton confirm={false} disabled={busy} onLeave={leave} />
        </div>
        <p class="error" role="alert">{actionError}</p>
      </section>
    </div>
  );
}

/** `ids` with `id` added (`present`) or removed, as a new set only when that changes it. */
function _with(ids: ReadonlySet<string>, id: string, present: boolean): ReadonlySet<string> {
  if (ids.has(id) === present) return ids;
  const next = new Set(ids);
  if (present) next.add(id);
  else next.delete(id);
  return next;
}
