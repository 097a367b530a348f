/**
 * Reads what the server sends into typed messages, for the browser: anything malformed or
 * unknown becomes `null`, and position entries that are not finite numbers are dropped.
 * Imports nothing from Deno or the server.
 *
 * @example
 * ```ts
 * parseServerMessage('{"type":"positions","players":[]}'); // { type: "positions", players: [] }
 * ```
 */
import type { PlayerPosition, PublicLobby, PublicPlayer, ServerMessage } from "./protocol.ts";

/**
 * Reads one server frame into a typed message, or `null` for anything malformed or unknown.
 * Position entries that are not finite numbers are dropped, never passed on.
 */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!_isRecord(value)) return null;
  switch (value.type) {
    case "welcome":
      if (typeof value.playerId !== "string" || !_isLobby(value.lobby)) return null;
      return {
        type: "welcome",
        playerId: value.playerId,
        lobby: value.lobby,
        positions: _positions(value.positions),
        away: Array.isArray(value.away)
          ? value.away.filter((id): id is string => typeof id === "string")
          : [],
      };
    case "player_away":
    case "player_back":
      return typeof value.playerId === "string"
        ? { type: value.type, playerId: value.playerId }
        : null;
    case "positions":
      return { type: "positions", players: _positions(value.players) };
    case "player_joined":
      if (!_isPlayer(value.player) || !_isLobby(value.lobby)) return null;
      return { type: "player_joined", player: value.player, lobby: value.lobby };
    case "player_left":
      if (typeof value.playerId !== "string" || !_isLobby(value.lobby)) return null;
      return { type: "player_left", playerId: value.playerId, lobby: value.lobby };
    case "game_started":
      return _isLobby(value.lobby) ? { type: "game_started", lobby: value.lobby } : null;
    case "error": {
      if (typeof value.code !== "string") return null;
      const { message, retryAfterMs } = value;
      return {
        type: "error",
        code: value.code,
        ...(typeof message === "string" ? { message } : {}),
        ...(typeof retryAfterMs === "number" && Number.isFinite(retryAfterMs)
          ? { retryAfterMs }
          : {}),
      };
    }
    default:
      return null;
  }
}

function _isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function _isPlayer(value: unknown): value is PublicPlayer {
  return _isRecord(value) && typeof value.id === "string" && typeof value.name === "string";
}

function _isLobby(value: unknown): value is PublicLobby {
  return _isRecord(value) && typeof value.code === "string" &&
    (value.status === "waiting" || value.status === "playing") &&
    typeof value.hostId === "string" && Array.isArray(value.players) &&
    value.players.every(_isPlayer);
}

function _positions(value: unknown): PlayerPosition[] {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is PlayerPosition =>
    _isRecord(p) && typeof p.id === "string" && Number.isFinite(p.x) && Number.isFinite(p.y)
  );
}
