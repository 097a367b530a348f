/**
 * The WebSocket wire protocol, shared by the server and the browser: message shapes, close codes
 * and the validation of what a client sends. Imports nothing from Deno or the server.
 *
 * @example
 * ```ts
 * const result = parseClientMessage('{"type":"position","x":10,"y":20}');
 * if (result.ok) console.log(result.message.x);
 * ```
 */

/** The board is `BOARD_SIZE` units on each axis; clients scale it to their screen. */
export const BOARD_SIZE = 1000;

/** Largest text frame a client may send, in bytes; a larger one closes with 1009. */
export const MAX_CLIENT_MESSAGE_BYTES = 1024;

/** Close codes the server uses, with the reason string sent alongside. */
export const CloseCode = {
  /** Normal closure: the player left the lobby. */
  Normal: 1000,
  /** The server is shutting down; reconnect later. */
  ServerShutdown: 1001,
  /** Sustained flooding or too many invalid messages. */
  PolicyViolation: 1008,
  /** A message over {@link MAX_CLIENT_MESSAGE_BYTES}. */
  MessageTooBig: 1009,
  /** Missing, malformed or revoked token. */
  Unauthorized: 4001,
  /** The same player opened a newer connection, which replaced this one. */
  Replaced: 4002,
  /** A connection limit was reached (`server_full` or `lobby_full`). */
  Full: 4003,
  /** No lobby has that code (or it expired). */
  LobbyNotFound: 4004,
  /** The client read too slowly and its send buffer overflowed. */
  SlowConsumer: 4008,
} as const;

/** Reason strings sent with close codes (at most 123 bytes each). */
export const CloseReason = {
  Left: "left",
  ServerShutdown: "server_shutdown",
  RateLimited: "rate_limited",
  InvalidMessages: "invalid_messages",
  MessageTooBig: "message_too_big",
  Unauthorized: "unauthorized",
  Replaced: "replaced",
  ServerFull: "server_full",
  LobbyFull: "lobby_full",
  LobbyNotFound: "lobby_not_found",
  SlowConsumer: "slow_consumer",
} as const;

/** A player as every client sees it. */
export interface PublicPlayer {
  id: string;
  name: string;
}

/** A lobby as every client sees it: no tokens, nothing secret beyond the code itself. */
export interface PublicLobby {
  code: string;
  status: "waiting" | "playing";
  hostId: string;
  players: PublicPlayer[];
  maxPlayers: number;
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
}

/** A player's latest position on the board. */
export interface PlayerPosition {
  id: string;
  x: number;
  y: number;
}

/** Messages the server sends. */
export type ServerMessage =
  | {
    type: "welcome";
    playerId: string;
    lobby: PublicLobby;
    positions: PlayerPosition[];
    /** Players whose connection dropped and who are within their reconnect grace period. */
    away: string[];
  }
  | { type: "positions"; players: PlayerPosition[] }
  | { type: "player_joined"; player: PublicPlayer; lobby: PublicLobby }
  | { type: "player_left"; playerId: string; lobby: PublicLobby }
  | { type: "game_started"; lobby: PublicLobby }
  | { type: "player_away"; playerId: string }
  | { type: "player_back"; playerId: string }
  | { type: "error"; code: string; message?: string; retryAfterMs?: number };

/** Messages a client may send. */
export type ClientMessage = { type: "position"; x: number; y: number };

/** Why a client message was refused. */
export type ClientMessageProblem = "not_json" | "not_object" | "unknown_type" | "bad_position";

/** The outcome of {@link parseClientMessage}. */
export type ParseResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; problem: ClientMessageProblem };

/** True when `v` is a finite number within the board. */
export function isBoardCoordinate(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= BOARD_SIZE;
}

/**
 * Validates a text frame from a client. Size is checked by the caller before parsing.
 * Unknown keys are ignored; identity never comes from the message.
 */
export function parseClientMessage(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "not_json" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: "not_object" };
  }
  const record = value as Record<string, unknown>;
  if (record.type !== "position") return { ok: false, problem: "unknown_type" };
  const { x, y } = record;
  if (!isBoardCoordinate(x) || !isBoardCoordinate(y)) return { ok: false, problem: "bad_position" };
  return { ok: true, message: { type: "position", x, y } };
}

/** UTF-8 byte length of a string without allocating (exact for well-formed UTF-16). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
