/**
 * The WebSocket endpoint: the adapter between `Deno.upgradeWebSocket` and the hub.
 *
 * Order matters here. The connection slot is reserved before the first await, so a burst cannot
 * overshoot a limit. Rejections wait for `open` (a close before it is lost in Deno) and send an
 * in-band `error` message before the close, so every client learns why. Cleanup runs exactly
 * once, whatever the order of `close` and `error`.
 *
 * @example
 * ```ts
 * app.get("/ws/:code", (c) => acceptGameSocket(c.req.raw, c.req.param("code"), token, deps));
 * ```
 */
import { BACKOFF_DEFAULTS } from "./backoff.ts";
import type { Clock } from "./clock.ts";
import type { ConnectionRegistry, RefusalReason, Slot } from "./connection_registry.ts";
import { Connection, type GameSocket } from "./connection.ts";
import { AppError, ErrorCode } from "./errors.ts";
import type { Hub } from "./hub.ts";
import { normalizeJoinCode } from "./join_code.ts";
import type { LobbyService } from "./lobby_service.ts";
import { MessageRateLimiter } from "./message_rate_limiter.ts";
import {
  CloseCode,
  CloseReason,
  MAX_CLIENT_MESSAGE_BYTES,
  parseClientMessage,
  type ServerMessage,
  utf8Length,
} from "./protocol.ts";
import { dropIfNoCloseWithin } from "./socket_teardown.ts";
import { claimedPlayerId } from "./token.ts";

/** What the endpoint needs. */
export interface GameSocketDeps {
  registry: ConnectionRegistry;
  service: LobbyService;
  hub: Hub;
  clock: Clock;
  messagesPerSecond: number;
  idleTimeoutSeconds: number;
  /** How long a peer has to answer our close frame before the transport is dropped. */
  closeHandshakeMs: number;
  isShuttingDown(): boolean;
}

/** What shutdown tells every socket, open or new, before its 1001. */
export const RESTARTING_MESSAGE = "The server is restarting.";

/** The server WebSocket as the endpoint drives it; Deno's fits, and so does a test fake. */
export interface EndpointSocket extends GameSocket {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

/** Suggested wait before retrying after a 4003, by reason. */
export const RETRY_AFTER_MS: Record<RefusalReason, number> = {
  server_full: 15_000,
  lobby_full: 10_000,
};

const _OPEN = 1;
// Slack on top of the longest wait a refused client may take before its next try.
const _HOLD_MARGIN_MS = 5_000;
// An HTTP token (RFC 9110), as a subprotocol must be, of a sensible length.
const _TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;

/** Upgrades `request` and hands the socket to {@link runGameSocket}; returns the 101 response. */
export function acceptGameSocket(
  request: Request,
  rawCode: string,
  token: string,
  deps: GameSocketDeps,
): Response {
  // Chromium fails the handshake (1006) unless an offered subprotocol is echoed; only a short
  // HTTP token is echoed back, never arbitrary header text.
  const first = request.headers.get("sec-websocket-protocol")?.split(",")[0]?.trim();
  const offered = first && _TOKEN.test(first) ? first : undefined;
  const { socket, response } = Deno.upgradeWebSocket(request, {
    idleTimeout: deps.idleTimeoutSeconds,
    ...(offered ? { protocol: offered } : {}),
  });
  runGameSocket(
    socket,
    rawCode,
    token,
    deps,
    () => dropIfNoCloseWithin(socket, deps.closeHandshakeMs),
  );
  return response;
}

/**
 * Runs one upgraded socket's whole life: admission once it opens, messages, and cleanup that
 * runs once whatever the order of `close` and `error`. `watchClose` starts the timer that drops
 * a peer ignoring our close frame and returns its cancel.
 */
export function runGameSocket(
  socket: EndpointSocket,
  rawCode: string,
  token: string,
  deps: GameSocketDeps,
  watchClose: () => () => void,
): void {
  const code = normalizeJoinCode(rawCode);
  const reservation = code === null || deps.isShuttingDown()
    ? null
    : deps.registry.reserve(code, claimedPlayerId(token));
  const slot: Slot | null = reservation?.ok ? reservation.slot : null;
  let conn: Connection | null = null;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    slot?.release();
    if (conn) deps.hub.detach(conn);
  };
  // Every close the server starts is watched, so a peer that never answers it cannot keep the
  // connection (and what Deno buffered for it) forever.
  let stopWatching: (() => void) | null = null;
  const closeSent = () => {
    stopWatching ??= watchClose();
  };

  const reject = (closeCode: number, reason: string, message: string, retryAfterMs?: number) => {
    const error: ServerMessage = { type: "error", code: reason, message };
    if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
    try {
      socket.send(JSON.stringify(error));
      socket.close(closeCode, reason);
      closeSent();
    } catch {
      // The peer is already gone.
    }
    deps.hub.traffic.recordClose(closeCode);
    end();
  };

  const restarting = () =>
    reject(CloseCode.ServerShutdown, CloseReason.ServerShutdown, RESTARTING_MESSAGE);

  const admit = async () => {
    if (deps.isShuttingDown()) return restarting();
    if (code === null) {
      return reject(CloseCode.LobbyNotFound, CloseReason.LobbyNotFound, "No lobby has that code.");
    }
    if (!reservation?.ok) {
      const reason = reservation?.reason ?? "server_full";
      const message = reason === "server_full"
        ? "Servers are busy right now. Please try again in a few minutes!"
        : "This lobby has too many connections right now.";
      reject(CloseCode.Full, reason, message, RETRY_AFTER_MS[reason]);
      // The player will be back after retryAfterMs plus at most one backoff window: keep their
      // seat that long. Checked in memory first, so a flood of refusals costs no store reads;
      // the token is verified before anything is kept for it.
      const claimed = claimedPlayerId(token);
      if (claimed !== null && deps.hub.keepsSeatFor(code, claimed)) {
        const hold = RETRY_AFTER_MS[reason] + BACKOFF_DEFAULTS.maxMs + _HOLD_MARGIN_MS;
        deps.service.authenticate(code, token).then(
          (seat) => deps.hub.seatWaiting(code, seat.playerId, hold),
          () => {}, // not that player's token: nothing to keep
        );
      }
      return;
    }
    let seat;
    try {
      seat = await deps.service.authenticate(code, token);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.LobbyNotFound) {
        return reject(CloseCode.LobbyNotFound, CloseReason.LobbyNotFound, error.message);
      }
      if (error instanceof AppError && error.code === ErrorCode.Unauthorized) {
        return reject(CloseCode.Unauthorized, CloseReason.Unauthorized, error.message);
      }
      return reject(1011, ErrorCode.Internal, "The server could not check your seat.");
    }
    if (ended || socket.readyState !== _OPEN) return end();
    // Shutdown began while the store answered: closeAll() has already run, so say so here.
    if (deps.isShuttingDown()) return restarting();
    conn = new Connection(socket, {
      code,
      playerId: seat.playerId,
      limiter: new MessageRateLimiter({ ratePerSecond: deps.messagesPerSecond, clock: deps.clock }),
      traffic: deps.hub.traffic,
      onEnd: end,
      onCloseSent: closeSent,
    });
    deps.hub.attach(conn, seat.lobby);
  };

  socket.onopen = () => void admit();
  socket.onmessage = (event) => {
    deps.hub.traffic.messagesIn++;
    if (conn) _handleMessage(conn, event.data, deps.hub);
  };
  deps.hub.traffic.openSockets++;
  let gone = false;
  const transportClosed = (code: number) => {
    stopWatching?.();
    conn?.markClosedByPeer(code);
    end();
    if (gone) return;
    gone = true;
    deps.hub.traffic.openSockets--;
  };
  socket.onclose = (event) => transportClosed(event.code);
  socket.onerror = () => transportClosed(1006);
}

function _handleMessage(conn: Connection, data: unknown, hub: Hub): void {
  const traffic = hub.traffic;
  // Deno has no cap on incoming frames (64 MiB), so the size is checked on every message.
  const size = typeof data === "string"
    ? (data.length > MAX_CLIENT_MESSAGE_BYTES ? Infinity : utf8Length(data))
    : data instanceof ArrayBuffer
    ? data.byteLength
    : data instanceof Blob
    ? data.size
    : Infinity;
  if (size > MAX_CLIENT_MESSAGE_BYTES) {
    return conn.closeWithError(
      CloseCode.MessageTooBig,
      CloseReason.MessageTooBig,
      "A message can be at most 1 KiB.",
    );
  }
  const verdict = conn.limiter.onMessage();
  if (verdict !== "allow") {
    traffic.rateLimitedMessages++;
    if (verdict === "close") {
      return conn.closeWithError(
        CloseCode.PolicyViolation,
        CloseReason.RateLimited,
        "Too many messages.",
      );
    }
    if (verdict === "drop_and_notify") {
      conn.sendEvent(JSON.stringify(
        {
          type: "error",
          code: ErrorCode.RateLimited,
          message: "Too many messages; some were dropped.",
        } satisfies ServerMessage,
      ));
    }
    return;
  }
  const parsed = typeof data === "string" ? parseClientMessage(data) : null;
  if (!parsed?.ok) {
    traffic.invalidMessages++;
    if (conn.limiter.onInvalid()) {
      conn.closeWithError(
        CloseCode.PolicyViolation,
        CloseReason.InvalidMessages,
        "Too many invalid messages.",
      );
    }
    return;
  }
  traffic.positionsIn++;
  void hub.onPosition(conn, parsed.message.x, parsed.message.y);
}
