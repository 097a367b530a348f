/**
 * The lobby domain: what a lobby is, the rules for joining, leaving and starting, and the public
 * view clients see. Pure functions over immutable records; the store and the service do the I/O.
 *
 * @example
 * ```ts
 * const record = newLobby("K7QX2M", host, { maxPlayers: 10, now: Date.now() });
 * const next = addPlayer(record, guest, Date.now()); // throws AppError 409 lobby_full when full
 * ```
 */
import { AppError, ErrorCode } from "./errors.ts";
import { checkName, nameKey } from "./player_name.ts";
import { LIMITS } from "./config.ts";
import type { PublicLobby } from "./protocol.ts";

/** A player as stored: the public fields plus the hash of their token's secret. */
export interface StoredPlayer {
  id: string;
  name: string;
  secretHash: string;
  joinedAt: number;
  /** Set once a socket of theirs was accepted, on any process; an unclaimed seat may be swept. */
  claimed?: true;
}

/** A lobby as stored. Times are wall-clock milliseconds since the Unix epoch. */
export interface LobbyRecord {
  code: string;
  status: "waiting" | "playing";
  hostId: string;
  players: StoredPlayer[];
  maxPlayers: number;
  createdAt: number;
  updatedAt: number;
  /** Checked on every read: the store's own expiry is only a lower bound. */
  expiresAt: number;
}

/** When a lobby last touched at `now` expires, given its status. */
export function expiryFor(status: LobbyRecord["status"], now: number): number {
  return now +
    (status === "waiting" ? LIMITS.waitingLobbyLifetimeMs : LIMITS.playingLobbyLifetimeMs);
}

/** True when the record has outlived its expiry at wall-clock `now`. */
export function isExpired(record: LobbyRecord, now: number): boolean {
  return record.expiresAt <= now;
}

/** A fresh waiting lobby with its host as the only player. */
export function newLobby(
  code: string,
  host: StoredPlayer,
  options: { maxPlayers: number; now: number },
): LobbyRecord {
  return {
    code,
    status: "waiting",
    hostId: host.id,
    players: [host],
    maxPlayers: options.maxPlayers,
    createdAt: options.now,
    updatedAt: options.now,
    expiresAt: expiryFor("waiting", options.now),
  };
}

/** The lobby with `player` added; 409 when it is full or the game has started. */
export function addPlayer(record: LobbyRecord, player: StoredPlayer, now: number): LobbyRecord {
  if (record.status !== "waiting") {
    throw new AppError(409, ErrorCode.GameStarted, "That game has already started.");
  }
  if (record.players.length >= record.maxPlayers) {
    throw new AppError(409, ErrorCode.LobbyFull, "That lobby is full.");
  }
  // Two players called "Alice" could only be told apart by colour.
  const taken = nameKey(player.name);
  if (record.players.some((p) => nameKey(p.name) === taken)) {
    throw new AppError(409, ErrorCode.NameTaken, "Someone in that lobby already has that name.");
  }
  return _touched({ ...record, players: [...record.players, player] }, now);
}

/**
 * The lobby without `playerId`, handing the host role to the longest-present remaining player;
 * null when nobody is left (the lobby should be deleted).
 */
export function removePlayer(
  record: LobbyRecord,
  playerId: string,
  now: number,
): LobbyRecord | null {
  const players = record.players.filter((p) => p.id !== playerId);
  if (players.length === 0) return null;
  const hostId = record.hostId === playerId ? players[0]!.id : record.hostId;
  return _touched({ ...record, players, hostId }, now);
}

/** The lobby with `playerId` marked as claimed (unchanged when absent or claimed already). */
export function claimSeat(record: LobbyRecord, playerId: string): LobbyRecord {
  const player = record.players.find((p) => p.id === playerId);
  if (!player || player.claimed) return record;
  const players = record.players.map((p) =>
    p.id === playerId ? { ...p, claimed: true as const } : p
  );
  return { ...record, players };
}

/** The lobby switched to playing; 403 unless `playerId` is the host, 409 if already playing. */
export function startGame(record: LobbyRecord, playerId: string, now: number): LobbyRecord {
  if (record.hostId !== playerId) {
    throw new AppError(403, ErrorCode.NotHost, "Only the host can start the game.");
  }
  if (record.status !== "waiting") {
    throw new AppError(409, ErrorCode.GameStarted, "The game has already started.");
  }
  return _touched({ ...record, status: "playing" }, now);
}

/** The lobby with its expiry pushed out, as activity in it does. */
export function touchLobby(record: LobbyRecord, now: number): LobbyRecord {
  return _touched(record, now);
}

/** What clients may see: never token hashes. */
export function toPublicLobby(record: LobbyRecord): PublicLobby {
  return {
    code: record.code,
    status: record.status,
    hostId: record.hostId,
    players: record.players.map((p) => ({ id: p.id, name: p.name })),
    maxPlayers: record.maxPlayers,
    createdAt: record.createdAt,
  };
}

/** A trimmed, valid player name (see lib/player_name.ts); 400 `invalid_name` for anything else. */
export function validateName(raw: unknown): string {
  const checked = checkName(raw, LIMITS.maxNameLength);
  if (!checked.ok) throw new AppError(400, ErrorCode.InvalidName, checked.problem);
  return checked.name;
}

function _touched(record: LobbyRecord, now: number): LobbyRecord {
  return { ...record, updatedAt: now, expiresAt: expiryFor(record.status, now) };
}
