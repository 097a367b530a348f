/**
 * Connection limits: `MAX_WEBSOCKET_CONNECTIONS` for the process, `MAX_CONNECTIONS_PER_LOBBY`
 * for each lobby.
 *
 * A slot is reserved synchronously, before the WebSocket handler awaits anything, so a burst of
 * connects can never overshoot a limit; it is released exactly once through {@link Slot.release}
 * whatever order `close` and `error` arrive in. A reconnecting player (same claimed player id)
 * may take one slot beyond the limit while the server checks their token; the older socket is
 * then closed, so a player never counts twice for long.
 *
 * @example
 * ```ts
 * const registry = new ConnectionRegistry({ maxConnections: 500, maxPerLobby: 10 });
 * const result = registry.reserve("K7QX2M", "player-id");
 * if (result.ok) result.slot.release();
 * ```
 */

/** Why a connection was refused. */
export type RefusalReason = "server_full" | "lobby_full";

/** One reserved connection; `release()` may be called any number of times. */
export interface Slot {
  readonly code: string;
  readonly playerId: string | null;
  release(): void;
}

/** The outcome of {@link ConnectionRegistry.reserve}. */
export type Reservation = { ok: true; slot: Slot } | { ok: false; reason: RefusalReason };

/** The launch design's connection figures, plus a histogram of lobby sizes (never codes). */
export interface ConnectionStats {
  total_connections: number;
  max_connections: number;
  max_connections_per_lobby: number;
  active_lobbies: number;
  /** Connections per lobby -> how many lobbies have that many. */
  lobby_sizes: Record<string, number>;
}

/** Counts open connections per lobby and in total, and enforces both limits. */
export class ConnectionRegistry {
  readonly #maxConnections: number;
  readonly #maxPerLobby: number;
  readonly #lobbies = new Map<string, Set<_Slot>>();
  #total = 0;

  constructor(options: { maxConnections: number; maxPerLobby: number }) {
    this.#maxConnections = options.maxConnections;
    this.#maxPerLobby = options.maxPerLobby;
  }

  /** Takes a slot for a connection to lobby `code`, or says which limit is reached. */
  reserve(code: string, claimedPlayerId: string | null): Reservation {
    const slots = this.#lobbies.get(code);
    if (!this.#isReplacement(slots, claimedPlayerId)) {
      if (this.#total >= this.#maxConnections) return { ok: false, reason: "server_full" };
      if ((slots?.size ?? 0) >= this.#maxPerLobby) return { ok: false, reason: "lobby_full" };
    }
    const slot = new _Slot(code, claimedPlayerId, (s) => this.#release(s));
    if (slots) slots.add(slot);
    else this.#lobbies.set(code, new Set([slot]));
    this.#total++;
    return { ok: true, slot };
  }

  /** Open connections in all lobbies. */
  get total(): number {
    return this.#total;
  }

  /** Open connections in lobby `code`. */
  countIn(code: string): number {
    return this.#lobbies.get(code)?.size ?? 0;
  }

  /** Figures for `/health/detailed`. */
  getStats(): ConnectionStats {
    const lobbySizes: Record<string, number> = {};
    for (const slots of this.#lobbies.values()) {
      lobbySizes[slots.size] = (lobbySizes[slots.size] ?? 0) + 1;
    }
    return {
      total_connections: this.#total,
      max_connections: this.#maxConnections,
      max_connections_per_lobby: this.#maxPerLobby,
      active_lobbies: this.#lobbies.size,
      lobby_sizes: lobbySizes,
    };
  }

  // A reconnect may exceed the limits by one slot per player: only when that player already
  // holds exactly one slot here, so a flood of claims for one id cannot pile up.
  #isReplacement(slots: Set<_Slot> | undefined, playerId: string | null): boolean {
    if (!slots || playerId === null) return false;
    let held = 0;
    for (const slot of slots) if (slot.playerId === playerId) held++;
    return held === 1;
  }

  #release(slot: _Slot): void {
    const slots = this.#lobbies.get(slot.code);
    if (!slots?.delete(slot)) return;
    this.#total--;
    if (slots.size === 0) this.#lobbies.delete(slot.code);
  }
}

class _Slot implements Slot {
  readonly code: string;
  readonly playerId: string | null;
  #onRelease: ((slot: _Slot) => void) | null;

  constructor(code: string, playerId: string | null, onRelease: (slot: _Slot) => void) {
    this.code = code;
    this.playerId = playerId;
    this.#onRelease = onRelease;
  }

  release(): void {
    const onRelease = this.#onRelease;
    this.#onRelease = null;
    onRelease?.(this);
  }
}
