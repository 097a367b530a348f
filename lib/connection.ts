/**
 * One player's WebSocket as the hub sees it: a tiny socket interface, the send paths that watch
 * the buffer, the per-connection message limiter, and a close that happens once.
 *
 * @example
 * ```ts
 * const conn = new Connection(socket, { code, playerId, limiter, traffic });
 * conn.sendFrame(positionsJson); // skipped while the reader is behind
 * conn.close(CloseCode.Normal, CloseReason.Left);
 * ```
 */
import { LIMITS } from "./config.ts";
import type { MessageRateLimiter } from "./message_rate_limiter.ts";
import { CloseCode, CloseReason, type ServerMessage } from "./protocol.ts";
import type { TrafficStats } from "./traffic_stats.ts";

/** The part of a WebSocket the hub uses; Deno's WebSocket fits, and so do test fakes. */
export interface GameSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  readonly bufferedAmount: number;
  readonly readyState: number;
}

const _OPEN = 1;

/** A player's accepted connection. */
export class Connection {
  readonly code: string;
  readonly playerId: string;
  readonly limiter: MessageRateLimiter;
  /** Sequence of the latest position message, so a late cache answer cannot undo a newer move. */
  positionSeq = 0;
  appliedSeq = 0;
  readonly #socket: GameSocket;
  readonly #traffic: TrafficStats;
  #closed = false;
  #onEnd: (() => void) | undefined;
  readonly #onCloseSent: (() => void) | undefined;

  constructor(
    socket: GameSocket,
    options: {
      code: string;
      playerId: string;
      limiter: MessageRateLimiter;
      traffic: TrafficStats;
      /** Called once when the connection ends, whichever side ends it. */
      onEnd?: () => void;
      /** Called once right after this side sent its close frame (to watch for an answer). */
      onCloseSent?: () => void;
    },
  ) {
    this.#socket = socket;
    this.code = options.code;
    this.playerId = options.playerId;
    this.limiter = options.limiter;
    this.#traffic = options.traffic;
    this.#onEnd = options.onEnd;
    this.#onCloseSent = options.onCloseSent;
  }

  /** True once {@link close} or {@link markClosedByPeer} ran; cheaper than {@link isOpen}. */
  get ended(): boolean {
    return this.#closed;
  }

  /** True until {@link close} runs or the socket stops being open. */
  get isOpen(): boolean {
    return !this.#closed && this.#socket.readyState === _OPEN;
  }

  /**
   * Sends a message that must arrive (welcome, lobby events, errors). A reader so far behind
   * that its buffer passes the hard limit is closed with 4008 instead of growing memory.
   */
  sendEvent(text: string): boolean {
    if (!this.isOpen) return false;
    if (this.#socket.bufferedAmount > LIMITS.hardBufferedBytes) {
      this.close(CloseCode.SlowConsumer, CloseReason.SlowConsumer);
      return false;
    }
    return this.#send(text);
  }

  /**
   * Sends a positions frame, or skips it while the reader is behind: positions are latest-wins,
   * so the next frame makes up for a skipped one.
   */
  sendFrame(text: string): boolean {
    if (!this.isOpen) return false;
    const buffered = this.#socket.bufferedAmount;
    if (buffered > LIMITS.hardBufferedBytes) {
      this.close(CloseCode.SlowConsumer, CloseReason.SlowConsumer);
      return false;
    }
    if (buffered > LIMITS.softBufferedBytes) {
      this.#traffic.framesDropped++;
      return false;
    }
    return this.#send(text);
  }

  /**
   * Says why in-band, then closes with `code` and `reason`: a peer that keeps sending never gets
   * Deno's close frame, but reads the message. A reader too far behind for one more message is
   * closed with `code` all the same, never turned into a 4008 that would tell it to retry.
   */
  closeWithError(code: number, reason: string, message: string): void {
    if (this.isOpen && this.#socket.bufferedAmount <= LIMITS.hardBufferedBytes) {
      this.#send(JSON.stringify({ type: "error", code: reason, message } satisfies ServerMessage));
    }
    this.close(code, reason);
  }

  /** Closes the socket once with `code` and `reason` (at most 123 bytes). */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#traffic.recordClose(code);
    try {
      this.#socket.close(code, reason);
      this.#onCloseSent?.();
    } catch {
      // Already closing or closed: nothing left to tell the peer.
    }
    // A stalled reader may never complete the closing handshake; the slot is freed now.
    this.#end();
  }

  /** Marks the connection closed by the peer, recording the peer's close code once. */
  markClosedByPeer(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#traffic.recordPeerClose(code);
    this.#end();
  }

  #end(): void {
    const onEnd = this.#onEnd;
    this.#onEnd = undefined;
    onEnd?.();
  }

  #send(text: string): boolean {
    try {
      this.#socket.send(text);
      this.#traffic.messagesOut++;
      return true;
    } catch {
      return false;
    }
  }
}
