/**
 * The hub: every live lobby room, the broadcast tick, lobby events turned into messages, and the
 * grace period that lets a player reload the page without losing their seat.
 *
 * It talks to sockets only through {@link Connection}, so it is testable without a network.
 * One timer drives every room; nothing here keeps one timer per player.
 *
 * @example
 * ```ts
 * const hub = new Hub({ service, clock: monotonicClock, broadcastHz: 20, graceMs: 10_000 });
 * hub.start();
 * hub.attach(conn, lobby); // sends welcome
 * await hub.stop();
 * ```
 */
import type { Clock } from "./clock.ts";
import { LIMITS } from "./config.ts";
import type { LobbyRecord } from "./lobby.ts";
import type { Connection } from "./connection.ts";
import type { LobbyEvent, LobbyService } from "./lobby_service.ts";
import { LobbyRoom } from "./lobby_room.ts";
import { SeatKeeper } from "./seat_keeper.ts";
import { CloseCode, CloseReason, type PublicLobby, type ServerMessage } from "./protocol.ts";
import { TrafficStats } from "./traffic_stats.ts";

/** Settings and dependencies of a {@link Hub}. */
export interface HubOptions {
  service: LobbyService;
  clock: Clock;
  broadcastHz: number;
  /** How long a disconnected player keeps their seat, in ms. */
  graceMs: number;
  /**
   * This process is the only one serving its lobbies (its own store file): a lobby's first
   * socket here finds the others absent, as after a restart, and they get the grace period like
   * any dropped player. Off where several instances share a store, since their players may be
   * connected elsewhere.
   */
  soleProcess?: boolean;
  traffic?: TrafficStats;
}

const _REMOVAL_CHECK_MS = 250;
// Lobbies with players connected have their expiry pushed out this often (a write happens only
// once half their lifetime is used, see LobbyService.keepAlive).
const _KEEP_ALIVE_MS = 60_000;

/** Live lobby rooms and the tick that broadcasts their positions. */
export class Hub {
  readonly traffic: TrafficStats;
  readonly #service: LobbyService;
  readonly #clock: Clock;
  readonly #tickMs: number;
  readonly #graceMs: number;
  readonly #rooms = new Map<string, LobbyRoom>();
  readonly #seats: SeatKeeper;
  readonly #soleProcess: boolean;
  readonly #unsubscribe: () => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastRemovalCheck = -Infinity;
  #lastKeepAlive: number;
  // Set by closeAll(): the server is going away, so no one is merely away.
  #closingAll = false;

  constructor(options: HubOptions) {
    this.#service = options.service;
    this.#clock = options.clock;
    this.#tickMs = 1000 / options.broadcastHz;
    this.#graceMs = options.graceMs;
    this.#seats = new SeatKeeper({
      clock: options.clock,
      graceMs: options.graceMs,
      claimMs: Math.max(options.graceMs, LIMITS.seatClaimMs),
    });
    this.#soleProcess = options.soleProcess ?? false;
    this.traffic = options.traffic ?? new TrafficStats();
    this.#lastKeepAlive = this.#clock.now();
    this.#unsubscribe = this.#service.onEvent((event) => this.#onLobbyEvent(event));
  }

  /** Starts the broadcast tick. */
  start(): void {
    this.#timer ??= setInterval(() => this.tick(), this.#tickMs);
  }

  /** Stops the tick and lobby events; open sockets are the caller's to close. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe();
  }

  /** Lobbies with at least one connection. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Games in progress with at least one player connected. */
  get activeSessions(): number {
    let playing = 0;
    for (const room of this.#rooms.values()) if (room.status === "playing") playing++;
    return playing;
  }

  /** Players waiting out their reconnect grace period. */
  get pendingRemovals(): number {
    return this.#seats.awayCount;
  }

  /** Adds an authenticated connection and welcomes it, closing the player's older socket. */
  attach(conn: Connection, lobby: PublicLobby): void {
    let room = this.#rooms.get(conn.code);
    if (!room) {
      room = new LobbyRoom(conn.code, lobby.status);
      this.#rooms.set(conn.code, room);
      // After a restart, the others' sockets died with the old process; they are away now, and
      // a host who never comes back cannot keep the game from starting.
      if (this.#soleProcess) {
        this.#seats.adoptAbsent(conn.code, lobby.players.map((p) => p.id), conn.playerId);
      }
    }
    room.status = lobby.status;
    if (this.#seats.arrived(conn.code, conn.playerId)) {
      room.broadcast({ type: "player_back", playerId: conn.playerId });
    }
    const replaced = room.add(conn);
    replaced?.closeWithError(
      CloseCode.Replaced,
      CloseReason.Replaced,
      "This seat was opened in another tab or window.",
    );
    conn.sendEvent(JSON.stringify(
      {
        type: "welcome",
        playerId: conn.playerId,
        lobby,
        positions: room.positions(),
        away: this.#seats.awayIn(conn.code),
      } satisfies ServerMessage,
    ));
    this.#confirmSeat(conn);
  }

  /**
   * The seat was checked before attach(); a leave whose `player_left` came in between found no
   * connection to close. One more look, after attaching, sees any such leave: the leave
   * invalidated the cache before its event, so a cached lobby is newer than it, and a read now
   * loads afresh. Where instances share the store, a seat still there is marked claimed in it,
   * once, so that no instance gives it up as never used.
   */
  #confirmSeat(conn: Connection): void {
    const check = (lobby: Readonly<LobbyRecord> | null) => {
      if (conn.ended) return;
      const player = lobby?.players.find((p) => p.id === conn.playerId);
      if (!player) return this.#closeLeaver(conn.code, conn.playerId);
      // Alone, this process's own seat keeper is the whole truth; only instances that share a
      // store need the mark (and a store write per first connect costs memory and time).
      if (player.claimed || this.#soleProcess) return;
      this.#service.claim(conn.code, conn.playerId).catch(() => {
        // The store failed; at worst the seat is given up later, and the player joins again.
      });
    };
    const cached = this.#service.peek(conn.code);
    if (cached !== undefined) return check(cached);
    this.#service.read(conn.code).then(check, () => {
      // The store is failing; the next position's own check keeps a leaver from being relayed.
    });
  }

  /**
   * Removes a connection that ended. Unless it was replaced or its player left, the player keeps
   * their seat for the grace period and is removed from the lobby if they do not come back.
   */
  detach(conn: Connection): void {
    const room = this.#rooms.get(conn.code);
    if (!room?.remove(conn)) return;
    if (room.size === 0) this.#rooms.delete(conn.code);
    this.#seats.dropped(conn.code, conn.playerId);
    if (this.#graceMs === 0) return this.#removeDue(this.#clock.now());
    // The others can grey the dot out instead of wondering why it froze; but when the server
    // closes everyone, nobody is away, and each page says the server is restarting instead.
    if (room.size > 0 && !this.#closingAll) {
      room.broadcast({ type: "player_away", playerId: conn.playerId });
    }
  }

  /**
   * Applies a position message after checking, through the lobby cache, that it counts. A
   * cache hit applies it at once, with no promise: this runs for every position, the hottest
   * path there is. A miss waits for the store; a later message that overtakes it wins.
   */
  onPosition(conn: Connection, x: number, y: number): Promise<void> | undefined {
    const seq = ++conn.positionSeq;
    const cached = this.#service.peek(conn.code);
    if (cached !== undefined) {
      this.#applyPosition(conn, seq, cached, x, y);
      return undefined;
    }
    return this.#service.read(conn.code).then(
      (lobby) => this.#applyPosition(conn, seq, lobby, x, y),
      () => {
        // The store is failing; dropping a position is harmless, the next one retries.
      },
    );
  }

  #applyPosition(
    conn: Connection,
    seq: number,
    lobby: Readonly<LobbyRecord> | null,
    x: number,
    y: number,
  ): void {
    // A replaced or kicked socket's late messages, or one that closed while the store answered.
    if (seq < conn.appliedSeq || conn.ended) return;
    if (
      !lobby || lobby.status !== "playing" || !lobby.players.some((p) => p.id === conn.playerId)
    ) {
      return;
    }
    conn.appliedSeq = seq;
    this.#rooms.get(conn.code)?.setPosition(conn.playerId, x, y);
  }

  /** One broadcast round: flushes every room's moves, then removes players whose grace ran out. */
  tick(): void {
    for (const room of this.#rooms.values()) room.flush(this.traffic);
    const now = this.#clock.now();
    if (now - this.#lastRemovalCheck >= _REMOVAL_CHECK_MS) {
      this.#lastRemovalCheck = now;
      this.#removeDue(now);
    }
    if (now - this.#lastKeepAlive >= _KEEP_ALIVE_MS) {
      this.#lastKeepAlive = now;
      for (const code of this.#rooms.keys()) {
        this.#service.keepAlive(code).catch(() => {
          // The store failed; the next round tries again, long before the lobby expires.
        });
      }
    }
  }

  /** Tells every connection `message` in-band, then closes it with `code` and `reason`. */
  closeAll(code: number, reason: string, message: string): void {
    this.#closingAll = true;
    for (const room of [...this.#rooms.values()]) room.closeAll(code, reason, message);
  }

  /**
   * Closes the socket of a player who left the lobby, with 1000 `left`. It leaves the room
   * first, so its detach() neither tells the others it is away nor holds a seat that is gone.
   */
  #closeLeaver(code: string, playerId: string): void {
    this.#seats.forget(code, playerId);
    const room = this.#rooms.get(code);
    if (!room) return;
    room.forget(playerId);
    const conn = room.member(playerId);
    if (!conn) return;
    room.remove(conn);
    if (room.size === 0) this.#rooms.delete(code);
    conn.close(CloseCode.Normal, CloseReason.Left);
  }

  #removeDue(now: number): void {
    // The store failed when a removal fails; the lobby's own expiry clears the seat eventually.
    const { away, unclaimed } = this.#seats.takeDue(now);
    for (const seat of away) {
      this.#service.removeIfPresent(seat.code, seat.playerId).catch(() => {});
    }
    // Only a seat no instance ever accepted a socket for goes; one claimed elsewhere stays.
    for (const seat of unclaimed) {
      this.#service.removeIfUnclaimed(seat.code, seat.playerId).catch(() => {});
    }
  }

  /** True when this process keeps `playerId`'s seat while they have no socket here. */
  keepsSeatFor(code: string, playerId: string): boolean {
    return this.#seats.isWaitingFor(code, playerId);
  }

  /**
   * The seat's player was just turned away by a connection limit and will try again within
   * `ms`: the seat is kept at least that long, so someone in the "servers are busy" dialog keeps
   * it for as long as their client keeps trying.
   */
  seatWaiting(code: string, playerId: string, ms: number): void {
    this.#seats.holdFor(code, playerId, ms);
  }

  #onLobbyEvent(event: LobbyEvent): void {
    const room = this.#rooms.get(event.code);
    switch (event.type) {
      case "lobby_created":
        this.#seats.handedOut(event.code, event.hostId);
        return;
      case "player_joined":
        this.#seats.handedOut(event.code, event.player.id);
        room?.broadcast({ type: "player_joined", player: event.player, lobby: event.lobby });
        return;
      case "game_started":
        if (!room) return;
        room.status = "playing";
        room.broadcast({ type: "game_started", lobby: event.lobby });
        return;
      case "player_left": {
        this.#closeLeaver(event.code, event.playerId);
        if (!room) return;
        if (event.lobby) {
          room.broadcast({ type: "player_left", playerId: event.playerId, lobby: event.lobby });
        }
        return;
      }
    }
  }
}
