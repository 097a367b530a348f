/**
 * The browser's one WebSocket to a lobby: typed server events, throttled position updates, and a
 * reconnect policy that cannot loop. Imports nothing from Deno or the server, so it is bundled
 * for the browser as is; the socket class and the timers are injected so tests drive it by hand.
 *
 * Close policy (see {@link closeOutcome}):
 * - `server_full` / `lobby_full` (4003), `server_shutdown` (1001), `slow_consumer` (4008) and
 *   abnormal closes (1006 ...): retry with exponential backoff and full jitter, never sooner than
 *   the server's `retryAfterMs`, and stop after `maxRetries` failed tries in a row.
 * - `left` (1000), `unauthorized` (4001), `replaced` (4002), `lobby_not_found` (4004),
 *   `rate_limited` / `invalid_messages` (1008), `message_too_big` (1009): stop at once.
 * After a stop only {@link ClientSocket.retryNow} (a person asking) connects again. The count of
 * failed tries is reset only by a connection that stayed up for `stableAfterMs`, so a server that
 * accepts and then drops every connection cannot cause a reconnect loop.
 *
 * @example
 * ```ts
 * const socket = new ClientSocket({ url: lobbySocketUrl(location, "ABC234", token) });
 * socket.onMessage((message) => console.log(message.type));
 * socket.onState((state) => console.log(state.status, state.reason));
 * socket.connect();
 * socket.sendPosition(500, 500);
 * ```
 */
import { backoffDelayMs, type BackoffOptions } from "./backoff.ts";
import { closeOutcome } from "./close_policy.ts";
import { BOARD_SIZE, CloseReason, type ServerMessage } from "./protocol.ts";
import { parseServerMessage } from "./server_message.ts";

/** The part of the browser's `WebSocket` this module uses. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A class like the browser's `WebSocket`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Timers and a monotonic clock, injected so tests can move time by hand. */
export interface Scheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The browser's timers and `performance.now()`. */
export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Where the connection stands. */
export type ConnectionStatus = "connecting" | "open" | "retrying" | "stopped";

/** What subscribers of {@link ClientSocket.onState} see. */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** Why the last connection ended: a `CloseReason` value, `connection_lost` or `timeout`. */
  readonly reason: string | null;
  /** The server's own words about it, when it sent any. */
  readonly message: string | null;
  /** Close code of the last connection, when it ended. */
  readonly closeCode: number | null;
  /** When the next automatic try starts, on {@link ClientSocket.now}'s scale. */
  readonly nextRetryAt: number | null;
  /** Failed tries in a row since the last stable connection or `retryNow()`. */
  readonly attempts: number;
}

/** A socket that has not been started, or was stopped. */
export const STOPPED_STATE: Readonly<ConnectionState> = Object.freeze({
  status: "stopped",
  reason: null,
  message: null,
  closeCode: null,
  nextRetryAt: null,
  attempts: 0,
});

/** Settings of {@link ClientSocket}; only `url` is required. */
export interface ClientSocketOptions {
  url: string;
  WebSocket?: WebSocketConstructor;
  scheduler?: Scheduler;
  /** Automatic tries after a failure before stopping until `retryNow()`. */
  maxRetries?: number;
  backoff?: Omit<BackoffOptions, "retryAfterMs">;
  /** Least time between two position messages (20 a second by default). */
  positionIntervalMs?: number;
  /** How long a connection must stay up before the failure count resets. */
  stableAfterMs?: number;
  /** How long to wait for the server's `welcome` before giving a try up. */
  connectTimeoutMs?: number;
}

/** Defaults of {@link ClientSocketOptions}. */
export const CLIENT_SOCKET_DEFAULTS = {
  // With the default backoff (windows of 1, 2, 4 ... 30 s) seven tries span about 45 s on
  // average: a restart or a deploy is over by then, a dead server is not hammered.
  maxRetries: 7,
  positionIntervalMs: 50,
  stableAfterMs: 10_000,
  connectTimeoutMs: 10_000,
  /** Over this many unsent bytes, position updates wait (they are latest-wins). */
  maxBufferedBytes: 16 * 1024,
} as const;

/** The WebSocket URL of a lobby, on the page's own host (`wss:` when the page is `https:`). */
export function lobbySocketUrl(
  location: { protocol: string; host: string },
  code: string,
  token: string,
): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/${encodeURIComponent(code)}?token=${
    encodeURIComponent(token)
  }`;
}

// Closes that a network coming back may cure.
const _NETWORK_REASONS: ReadonlySet<string> = new Set([
  "connection_lost",
  "timeout",
  CloseReason.ServerShutdown,
]);

type _TimerName = "retry" | "connect" | "stable" | "position";
type InBandError = { code: string; message: string | null; retryAfterMs: number | undefined };

/** One lobby connection with its reconnect policy; see the module doc. */
export class ClientSocket {
  readonly #url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #scheduler: Scheduler;
  readonly #maxRetries: number;
  readonly #backoff: Omit<BackoffOptions, "retryAfterMs">;
  readonly #positionIntervalMs: number;
  readonly #stableAfterMs: number;
  readonly #connectTimeoutMs: number;
  readonly #messageListeners = new Set<(message: ServerMessage) => void>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();

  #state: ConnectionState = STOPPED_STATE;
  #socket: WebSocketLike | null = null;
  #welcomed = false;
  #inBandError: InBandError | null = null;
  #closedByUs = false;
  #started = false;
  readonly #timers = new Map<_TimerName, unknown>();
  #pending: { x: number; y: number } | null = null;
  #lastSent: { x: number; y: number } | null = null;
  #lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(options: ClientSocketOptions) {
    this.#url = options.url;
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#maxRetries = options.maxRetries ?? CLIENT_SOCKET_DEFAULTS.maxRetries;
    this.#backoff = options.backoff ?? {};
    this.#positionIntervalMs = options.positionIntervalMs ??
      CLIENT_SOCKET_DEFAULTS.positionIntervalMs;
    this.#stableAfterMs = options.stableAfterMs ?? CLIENT_SOCKET_DEFAULTS.stableAfterMs;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? CLIENT_SOCKET_DEFAULTS.connectTimeoutMs;
  }

  /** The current state (a frozen snapshot); `stopped` with no reason before {@link connect}. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The scheduler's clock, the scale of `nextRetryAt`. */
  now(): number {
    return this.#scheduler.now();
  }

  /** Calls `listener` with each valid server message; returns the unsubscribe function. */
  onMessage(listener: (message: ServerMessage) => void): () => void {
    this.#messageListeners.add(listener);
    return () => this.#messageListeners.delete(listener);
  }

  /** Calls `listener` now and on every state change; returns the unsubscribe function. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    listener(this.#state);
    return () => this.#stateListeners.delete(listener);
  }

  /** Opens the first connection; does nothing once started or closed. */
  connect(): void {
    if (this.#closedByUs || this.#started) return;
    this.#open();
  }

  /**
   * A person asked to try again: connects now and allows a fresh round of automatic retries.
   * Does nothing while a connection is open or being opened, or after {@link close}.
   */
  retryNow(): void {
    if (this.#closedByUs || this.#socket) return;
    this.#clearTimer("retry");
    this.#setState({ attempts: 0 });
    this.#open();
  }

  /**
   * The device is back online (the browser's `online` event): a socket that lost its connection
   * (or timed out, or saw a restart) tries again at once, as if the player had asked, whether it
   * had stopped or was waiting for its next try. A full server's wait is the server's to set, and
   * any other stop stays a stop.
   */
  networkBack(): void {
    const { status, reason } = this.#state;
    if (status !== "stopped" && status !== "retrying") return;
    if (reason !== null && _NETWORK_REASONS.has(reason)) this.retryNow();
  }

  /**
   * Leaves for good: closes with 1000 `left`. Subscribers hear nothing more (not even this) and
   * nothing reconnects.
   */
  close(): void {
    if (this.#closedByUs) return;
    this.#closedByUs = true;
    const socket = this.#socket;
    this.#detach();
    this.#clearTimers();
    socket?.close(1000, CloseReason.Left);
    // Listeners go first: whoever closes knows why, and must not hear of it as an event.
    this.#messageListeners.clear();
    this.#stateListeners.clear();
    this.#setState({ status: "stopped", reason: CloseReason.Left, nextRetryAt: null });
  }

  /**
   * Reports this player's position. Sent at most once per `positionIntervalMs`, only while the
   * connection is open and only when it changed; the latest value wins.
   */
  sendPosition(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.#pending = { x: _boardValue(x), y: _boardValue(y) };
    this.#flushPosition();
  }

  #open(): void {
    this.#started = true;
    this.#welcomed = false;
    this.#inBandError = null;
    this.#setState({ status: "connecting", nextRetryAt: null });
    let socket: WebSocketLike;
    try {
      socket = new this.#WebSocket(this.#url);
    } catch {
      this.#fail(1006, "");
      return;
    }
    this.#socket = socket;
    socket.onmessage = (event) => {
      if (socket === this.#socket) this.#receive(event.data);
    };
    socket.onclose = (event) => {
      if (socket === this.#socket) this.#fail(event.code, event.reason);
    };
    // The browser always follows an error with a close event, which does the work.
    socket.onerror = () => {};
    this.#startTimer("connect", this.#connectTimeoutMs, () => this.#fail(1006, "timeout"));
  }

  #receive(data: unknown): void {
    const message = parseServerMessage(data);
    if (message === null) return;
    // Only an error right before the close explains it; anything after it means it did not.
    this.#inBandError = message.type === "error"
      ? { code: message.code, message: message.message ?? null, retryAfterMs: message.retryAfterMs }
      : null;
    if (message.type === "welcome" && !this.#welcomed) {
      this.#welcomed = true;
      this.#clearTimer("connect");
      this.#lastSent = null;
      this.#startTimer("stable", this.#stableAfterMs, () => this.#setState({ attempts: 0 }));
      this.#setState({ status: "open", reason: null, message: null, closeCode: null });
    }
    for (const listener of [...this.#messageListeners]) listener(message);
    if (message.type === "welcome") this.#flushPosition();
  }

  /** The current connection ended (idempotent: later events of that socket are ignored). */
  #fail(closeCode: number, closeReason: string): void {
    const socket = this.#socket;
    this.#detach();
    this.#clearTimers();
    // CONNECTING or OPEN: we are giving this socket up (a timeout), so close it for the server.
    if (socket && socket.readyState < 2) socket.close(1000, closeReason || "client_gave_up");
    const inBand = this.#inBandError;
    const outcome = closeOutcome(closeCode, closeReason, inBand?.code);
    const { retry } = outcome;
    // While a restarting server is down, tries fail as plain lost connections; the restart is
    // still the better explanation for the player.
    const reason = outcome.reason === "connection_lost" &&
        this.#state.reason === CloseReason.ServerShutdown
      ? CloseReason.ServerShutdown
      : outcome.reason;
    const attempts = this.#state.attempts + 1;
    const message = inBand?.code === reason ? inBand.message : null;
    if (!retry || attempts > this.#maxRetries) {
      this.#setState({
        status: "stopped",
        reason,
        message,
        closeCode,
        attempts,
        nextRetryAt: null,
      });
      return;
    }
    const retryAfterMs = inBand?.code === reason ? inBand.retryAfterMs : undefined;
    const delay = backoffDelayMs(attempts - 1, { ...this.#backoff, retryAfterMs });
    const nextRetryAt = this.#scheduler.now() + delay;
    this.#startTimer("retry", delay, () => this.#open());
    this.#setState({ status: "retrying", reason, message, closeCode, attempts, nextRetryAt });
  }

  #flushPosition(): void {
    const pending = this.#pending;
    const socket = this.#socket;
    if (!pending || !socket || !this.#welcomed || this.#timers.has("position")) return;
    if (this.#lastSent && pending.x === this.#lastSent.x && pending.y === this.#lastSent.y) {
      this.#pending = null;
      return;
    }
    const wait = this.#lastSentAt + this.#positionIntervalMs - this.#scheduler.now();
    if (wait > 0 || socket.bufferedAmount > CLIENT_SOCKET_DEFAULTS.maxBufferedBytes) {
      const delay = Math.max(wait, this.#positionIntervalMs / 2);
      this.#startTimer("position", delay, () => this.#flushPosition());
      return;
    }
    socket.send(JSON.stringify({ type: "position", x: pending.x, y: pending.y }));
    this.#lastSent = pending;
    this.#lastSentAt = this.#scheduler.now();
    this.#pending = null;
  }

  #detach(): void {
    const socket = this.#socket;
    if (!socket) return;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    this.#socket = null;
    this.#welcomed = false;
  }

  #startTimer(name: _TimerName, ms: number, callback: () => void): void {
    this.#clearTimer(name);
    const handle = this.#scheduler.setTimeout(() => {
      this.#timers.delete(name);
      callback();
    }, ms);
    this.#timers.set(name, handle);
  }

  #clearTimer(name: _TimerName): void {
    const handle = this.#timers.get(name);
    if (handle === undefined) return;
    this.#scheduler.clearTimeout(handle);
    this.#timers.delete(name);
  }

  #clearTimers(): void {
    for (const handle of this.#timers.values()) this.#scheduler.clearTimeout(handle);
    this.#timers.clear();
  }

  #setState(change: Partial<ConnectionState>): void {
    this.#state = Object.freeze({ ...this.#state, ...change });
    for (const listener of [...this.#stateListeners]) listener(this.#state);
  }
}

/** Clamps to the board and rounds to a tenth of a unit (finer is invisible and costs bytes). */
function _boardValue(value: number): number {
  return Math.round(Math.min(BOARD_SIZE, Math.max(0, value)) * 10) / 10;
}
