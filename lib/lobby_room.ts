/**
 * The live side of one lobby: its connected players and their latest positions.
 *
 * Positions are latest-wins and flushed as one combined `positions` frame per tick, serialized
 * once for the whole room, so the cost is (players x tick rate) frames a second rather than
 * (players x input rate x lobby size).
 *
 * @example
 * ```ts
 * const room = new LobbyRoom("K7QX2M", "waiting");
 * room.add(conn);
 * room.setPosition(conn.playerId, 10, 20);
 * room.flush(); // one frame to every member
 * ```
 */
import type { Connection } from "./connection.ts";
import type { PlayerPosition, ServerMessage } from "./protocol.ts";
import type { TrafficStats } from "./traffic_stats.ts";

/** Connected members of one lobby and the positions not yet broadcast. */
export class LobbyRoom {
  readonly code: string;
  status: "waiting" | "playing";
  readonly #members = new Map<string, Connection>();
  readonly #positions = new Map<string, PlayerPosition>();
  readonly #moved = new Set<string>();

  constructor(code: string, status: "waiting" | "playing") {
    this.code = code;
    this.status = status;
  }

  get size(): number {
    return this.#members.size;
  }

  /** The member connection of `playerId`, if connected. */
  member(playerId: string): Connection | undefined {
    return this.#members.get(playerId);
  }

  /** Adds `conn`, returning the same player's previous connection, which it replaces. */
  add(conn: Connection): Connection | undefined {
    const previous = this.#members.get(conn.playerId);
    this.#members.set(conn.playerId, conn);
    return previous === conn ? undefined : previous;
  }

  /** Removes `conn` if it is still the member for its player (a replaced one is not). */
  remove(conn: Connection): boolean {
    if (this.#members.get(conn.playerId) !== conn) return false;
    this.#members.delete(conn.playerId);
    return true;
  }

  /** Forgets a player who left the lobby, including their last position. */
  forget(playerId: string): void {
    this.#positions.delete(playerId);
    this.#moved.delete(playerId);
  }

  /** Records a move, to go out with the next flush. */
  setPosition(playerId: string, x: number, y: number): void {
    const position = this.#positions.get(playerId);
    if (position) {
      position.x = x;
      position.y = y;
    } else {
      this.#positions.set(playerId, { id: playerId, x, y });
    }
    this.#moved.add(playerId);
  }

  /** Every known position, for a welcome. */
  positions(): PlayerPosition[] {
    return [...this.#positions.values()].map((p) => ({ ...p }));
  }

  /** Sends one message to every member, serialized once. */
  broadcast(message: ServerMessage): void {
    const text = JSON.stringify(message);
    for (const conn of this.#members.values()) conn.sendEvent(text);
  }

  /** Sends the positions that changed since the last flush; false when none had. */
  flush(traffic: TrafficStats): boolean {
    if (this.#moved.size === 0) return false;
    const players: PlayerPosition[] = [];
    for (const id of this.#moved) {
      const position = this.#positions.get(id);
      if (position) players.push(position);
    }
    this.#moved.clear();
    const text = JSON.stringify({ type: "positions", players } satisfies ServerMessage);
    for (const conn of this.#members.values()) conn.sendFrame(text);
    traffic.framesBroadcast++;
    return true;
  }

  /** Tells every member `message` in-band, then closes it with `code` and `reason`. */
  closeAll(code: number, reason: string, message: string): void {
    for (const conn of [...this.#members.values()]) conn.closeWithError(code, reason, message);
  }
}
