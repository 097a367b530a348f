/**
 * One simulated player's game socket. It stays cheap on the hot path: a `positions` frame is
 * recognised by its first bytes and handed on unparsed; only the rare other messages (welcome,
 * errors, lobby events) are parsed here.
 *
 * @example
 * ```ts
 * const socket = new LoadSocket(3, counters, (index, text) => track(index, text));
 * const outcome = await socket.connect(`ws://127.0.0.1:8000/ws/${code}?token=${token}`, 10_000);
 * if (outcome.ok) socket.send(positionMessage(0));
 * await socket.close();
 * ```
 */

/** Prefix of every `positions` frame the server sends (JSON.stringify keeps key order). */
export const POSITIONS_PREFIX = '{"type":"positions"';

/** Traffic counted across every socket of a run. */
export interface SocketCounters {
  sent: number;
  received: number;
}

/** How a connect attempt ended. */
export interface ConnectOutcome {
  ok: boolean;
  /** Close code when refused (0 when it timed out or failed before a close). */
  closeCode: number;
  closeReason: string;
  /** `code` and `message` of the in-band `error` message sent before a refusal, if any. */
  errorCode: string;
  errorMessage: string;
}

/** A player's WebSocket: connect until `welcome`, send, close; remembers how it ended. */
export class LoadSocket {
  readonly index: number;
  /** True once a close began from our side; a close before that was the server's doing. */
  closedByUs = false;
  closeCode = 0;
  closeReason = "";
  errorCode = "";
  errorMessage = "";
  readonly #counters: SocketCounters;
  readonly #onPositions: (index: number, text: string) => void;
  #ws: WebSocket | null = null;
  #welcomed = false;
  #onWelcome: (() => void) | null = null;
  #closed: Promise<void> = Promise.resolve();

  constructor(
    index: number,
    counters: SocketCounters,
    onPositions: (index: number, text: string) => void,
  ) {
    this.index = index;
    this.#counters = counters;
    this.#onPositions = onPositions;
  }

  /** True between `welcome` and the close. */
  get isOpen(): boolean {
    return this.#welcomed && this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Opens `url` and waits for `welcome`, a close, or `timeoutMs`. */
  connect(url: string, timeoutMs: number): Promise<ConnectOutcome> {
    const ws = new WebSocket(url);
    this.#ws = ws;
    const { promise: closed, resolve: markClosed } = Promise.withResolvers<void>();
    this.#closed = closed;
    const { promise, resolve } = Promise.withResolvers<ConnectOutcome>();
    const timer = setTimeout(() => {
      this.errorCode ||= "connect_timeout";
      void this.close();
    }, timeoutMs);
    const settle = (ok: boolean) => {
      clearTimeout(timer);
      resolve({
        ok,
        closeCode: this.closeCode,
        closeReason: this.closeReason,
        errorCode: this.errorCode,
        errorMessage: this.errorMessage,
      });
    };
    this.#onWelcome = () => settle(true);
    ws.onmessage = (event) => {
      this.#counters.received++;
      const data = event.data;
      if (typeof data !== "string") return;
      if (data.startsWith(POSITIONS_PREFIX)) this.#onPositions(this.index, data);
      else this.#onOther(data);
    };
    // A failed handshake reports through close; nothing to do on error itself.
    ws.onerror = () => {};
    ws.onclose = (event) => {
      this.closeCode = event.code;
      this.closeReason = event.reason;
      markClosed();
      settle(false);
    };
    return promise;
  }

  /** Sends a text frame; false when the socket is not open. */
  send(text: string): boolean {
    const ws = this.#ws;
    if (ws === null || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(text);
    this.#counters.sent++;
    return true;
  }

  /** Closes from our side (1000) and waits for the close to finish, at most `timeoutMs`. */
  async close(timeoutMs = 5_000): Promise<void> {
    const ws = this.#ws;
    if (ws === null) return;
    if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) {
      this.closedByUs = true;
      ws.close(1000, "done");
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#closed,
      new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs)),
    ]);
    clearTimeout(timer);
  }

  #onOther(data: string): void {
    let message: { type?: string; code?: string; message?: string };
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === "welcome" && !this.#welcomed) {
      this.#welcomed = true;
      this.#onWelcome?.();
    } else if (message.type === "error") {
      this.errorCode = String(message.code ?? "");
      this.errorMessage = String(message.message ?? "");
    }
  }
}

/** Opens one socket for `url`, notes how the connect ended, and closes it again. */
export async function connectOnce(url: string, timeoutMs: number): Promise<ConnectOutcome> {
  const socket = new LoadSocket(-1, { sent: 0, received: 0 }, () => {});
  try {
    return await socket.connect(url, timeoutMs);
  } finally {
    await socket.close();
  }
}
