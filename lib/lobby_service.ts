/**
 * The lobby use cases: create, read, join, leave, start, and the checks the WebSocket needs.
 *
 * Reads go through the {@link LobbyCache}; every write is a compare-and-set on the store that
 * retries on conflict, then invalidates the cache and tells listeners what happened (the hub
 * turns those events into `player_joined`, `player_left` and `game_started` messages).
 *
 * @example
 * ```ts
 * const service = new LobbyService({ store, cache, clock: wallClock, maxPlayers: 10 });
 * const created = await service.create("Ada");
 * const joined = await service.join(created.code, "Grace");
 * await service.start(created.code, created.token);
 * ```
 */
import { AppError, ErrorCode } from "./errors.ts";
import type { Clock } from "./clock.ts";
import { LIMITS } from "./config.ts";
import { generateJoinCode } from "./join_code.ts";
import type { LobbyCache } from "./lobby_cache.ts";
import {
  addPlayer,
  claimSeat,
  expiryFor,
  isExpired,
  type LobbyRecord,
  newLobby,
  removePlayer,
  startGame,
  type StoredPlayer,
  toPublicLobby,
  touchLobby,
  validateName,
} from "./lobby.ts";
import type { LobbyStore } from "./lobby_store.ts";
import type { PublicLobby, PublicPlayer } from "./protocol.ts";
import { claimedPlayerId, issueToken, verifyToken } from "./token.ts";

/** What happened to a lobby, for the hub to broadcast. */
export type LobbyEvent =
  | { type: "player_joined"; code: string; player: PublicPlayer; lobby: PublicLobby }
  | { type: "player_left"; code: string; playerId: string; lobby: PublicLobby | null }
  | { type: "game_started"; code: string; lobby: PublicLobby }
  | { type: "lobby_created"; code: string; hostId: string };

/** A seat handed to a player: the credentials for leave, start and the WebSocket. */
export interface Seat {
  playerId: string;
  token: string;
  lobby: PublicLobby;
}

/** Dependencies and settings of a {@link LobbyService}. */
export interface LobbyServiceOptions {
  store: LobbyStore;
  cache: LobbyCache<LobbyRecord>;
  /** Wall clock: expiry times are stored and must survive restarts. */
  clock: Clock;
  maxPlayers: number;
  /** Draws join codes; tests pass a predictable one to force collisions. */
  generateCode?: () => string;
}

const _CODE_ATTEMPTS = 10;

/** Lobby use cases over a store and a cache. */
export class LobbyService {
  readonly #store: LobbyStore;
  readonly #cache: LobbyCache<LobbyRecord>;
  readonly #clock: Clock;
  readonly #maxPlayers: number;
  readonly #generateCode: () => string;
  readonly #listeners = new Set<(event: LobbyEvent) => void>();

  constructor(options: LobbyServiceOptions) {
    this.#store = options.store;
    this.#cache = options.cache;
    this.#clock = options.clock;
    this.#maxPlayers = options.maxPlayers;
    this.#generateCode = options.generateCode ?? (() => generateJoinCode());
  }

  /** Calls `listener` after each successful write; returns a function that unsubscribes. */
  onEvent(listener: (event: LobbyEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Creates a lobby with `rawName` as its host. */
  async create(rawName: unknown): Promise<Seat & { code: string }> {
    const name = validateName(rawName);
    const issued = await issueToken();
    const now = this.#clock.now();
    const host: StoredPlayer = {
      id: issued.playerId,
      name,
      secretHash: issued.secretHash,
      joinedAt: now,
    };
    for (let attempt = 0; attempt < _CODE_ATTEMPTS; attempt++) {
      const code = this.#generateCode();
      const record = newLobby(code, host, { maxPlayers: this.#maxPlayers, now });
      if (await this.#store.create(record)) {
        // A read of this code may have cached "no such lobby" a moment ago.
        this.#cache.invalidate(code);
        this.#emit({ type: "lobby_created", code, hostId: issued.playerId });
        return {
          code,
          playerId: issued.playerId,
          token: issued.token,
          lobby: toPublicLobby(record),
        };
      }
    }
    throw new AppError(503, ErrorCode.ServerBusy, "Could not find a free join code; try again.");
  }

  /** The lobby's public view; 404 when there is none. Served from the cache. */
  async get(code: string): Promise<PublicLobby> {
    return toPublicLobby(await this.#require(code));
  }

  /** The stored lobby through the cache, or null when it does not exist or has expired. */
  async read(code: string): Promise<Readonly<LobbyRecord> | null> {
    return this.#live(await this.#cache.getOrLoad(code, (c) => this.#load(c)));
  }

  /**
   * The stored lobby if the cache holds it now (null: known not to exist or expired), or
   * undefined when only {@link read} can tell. Lets the per-message path skip a promise.
   */
  peek(code: string): Readonly<LobbyRecord> | null | undefined {
    const record = this.#cache.get(code);
    return record === undefined ? undefined : this.#live(record);
  }

  /** `record`, or null when there is none or it has expired. */
  #live(record: Readonly<LobbyRecord> | null): Readonly<LobbyRecord> | null {
    return record === null || isExpired(record, this.#clock.now()) ? null : record;
  }

  /** Adds a player named `rawName`; 404, or 409 `lobby_full` / `game_started` / `name_taken`. */
  async join(code: string, rawName: unknown): Promise<Seat> {
    const name = validateName(rawName);
    const issued = await issueToken();
    const player: StoredPlayer = {
      id: issued.playerId,
      name,
      secretHash: issued.secretHash,
      joinedAt: this.#clock.now(),
    };
    const { after } = await this.#mutate(code, (record, now) => addPlayer(record, player, now));
    const lobby = toPublicLobby(after!);
    this.#emit({ type: "player_joined", code, player: { id: player.id, name }, lobby });
    return { playerId: player.id, token: issued.token, lobby };
  }

  /** Removes the token's player; the host role passes on; an empty lobby is deleted. */
  async leave(code: string, token: string): Promise<void> {
    let playerId = "";
    const { after } = await this.#mutate(code, async (record, now) => {
      playerId = await this.#authenticate(record, token);
      return removePlayer(record, playerId, now);
    });
    this.#emit({ type: "player_left", code, playerId, lobby: after && toPublicLobby(after) });
  }

  /** Starts the game; only the host may. */
  async start(code: string, token: string): Promise<PublicLobby> {
    const { after } = await this.#mutate(code, async (record, now) => {
      return startGame(record, await this.#authenticate(record, token), now);
    });
    const lobby = toPublicLobby(after!);
    this.#emit({ type: "game_started", code, lobby });
    return lobby;
  }

  /** Removes a player who disconnected and did not come back; quiet if already gone. */
  async removeIfPresent(code: string, playerId: string): Promise<void> {
    await this.#removeWhen(code, playerId, () => true);
  }

  async #removeWhen(
    code: string,
    playerId: string,
    when: (player: StoredPlayer) => boolean,
  ): Promise<void> {
    try {
      const { after, changed } = await this.#mutate(code, (record, now) => {
        const player = record.players.find((p) => p.id === playerId);
        return player && when(player) ? removePlayer(record, playerId, now) : record;
      });
      if (changed) {
        this.#emit({ type: "player_left", code, playerId, lobby: after && toPublicLobby(after) });
      }
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCode.LobbyNotFound)) throw error;
    }
  }

  /** Records that `playerId` has connected, so {@link removeIfUnclaimed} leaves the seat be. */
  async claim(code: string, playerId: string): Promise<void> {
    await this.#mutate(code, (record) => claimSeat(record, playerId));
  }

  /** Removes `playerId` only while no socket of theirs was ever accepted; quiet otherwise. */
  async removeIfUnclaimed(code: string, playerId: string): Promise<void> {
    await this.#removeWhen(code, playerId, (p) => !p.claimed);
  }

  /**
   * Pushes out the expiry of a lobby whose players are connected, so a long wait in the lobby
   * or a long game is not mistaken for an abandoned one. Writes only once half the lifetime
   * has passed, so calling it often is cheap.
   */
  async keepAlive(code: string): Promise<void> {
    try {
      await this.#mutate(code, (record, now) => {
        const remaining = record.expiresAt - now;
        const lifetime = expiryFor(record.status, now) - now;
        return remaining < lifetime / 2 ? touchLobby(record, now) : record;
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCode.LobbyNotFound)) throw error;
    }
  }

  /**
   * Who `token` belongs to in lobby `code`, checked against the cached lobby: 404 when the lobby
   * does not exist, 401 when the token is not one of its players'.
   */
  async authenticate(
    code: string,
    token: string,
  ): Promise<{ playerId: string; lobby: PublicLobby }> {
    const record = await this.#require(code);
    return { playerId: await this.#authenticate(record, token), lobby: toPublicLobby(record) };
  }

  async #authenticate(record: Readonly<LobbyRecord>, token: string): Promise<string> {
    const id = claimedPlayerId(token);
    const player = id === null ? undefined : record.players.find((p) => p.id === id);
    if (!player || !(await verifyToken(token, player.id, player.secretHash))) {
      throw new AppError(401, ErrorCode.Unauthorized, "That token does not belong to this lobby.");
    }
    return player.id;
  }

  async #require(code: string): Promise<Readonly<LobbyRecord>> {
    const record = await this.read(code);
    if (record === null) throw _notFound();
    return record;
  }

  async #load(code: string): Promise<LobbyRecord | null> {
    const found = await this.#store.get(code);
    return found === null || isExpired(found.record, this.#clock.now()) ? null : found.record;
  }

  /**
   * Applies `change` to the freshest stored lobby with compare-and-set, retrying when another
   * write got in first. `change` returning null deletes the lobby.
   */
  async #mutate(
    code: string,
    change: (record: LobbyRecord, now: number) => LobbyRecord | null | Promise<LobbyRecord | null>,
  ): Promise<{ after: LobbyRecord | null; changed: boolean }> {
    for (let attempt = 0; attempt < LIMITS.storeWriteAttempts; attempt++) {
      const found = await this.#store.get(code);
      const now = this.#clock.now();
      if (found === null || isExpired(found.record, now)) throw _notFound();
      const after = await change(found.record, now);
      if (after === found.record) return { after, changed: false };
      const written = after === null
        ? await this.#store.delete(code, found.version)
        : await this.#store.replace(after, found.version);
      if (written) {
        this.#cache.invalidate(code);
        return { after, changed: true };
      }
    }
    throw new AppError(503, ErrorCode.ServerBusy, "That lobby is very busy; try again.");
  }

  #emit(event: LobbyEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

function _notFound(): AppError {
  return new AppError(404, ErrorCode.LobbyNotFound, "No lobby has that code.");
}
