/**
 * One simulated player's game socket, spoken over a plain TCP connection with Nagle's algorithm
 * off, as browsers do (see `ws_frames.ts` for why not Deno's `WebSocket`). It stays cheap on the
 * hot path: a `positions` frame is recognised by its first bytes and handed on unparsed; only
 * the rare other messages (welcome, errors, lobby events) are parsed here.
 *
 * @example
 * ```ts
 * const socket = new LoadSocket(3, counters, (index, text) => track(index, text));
 * const outcome = await socket.connect(`ws://127.0.0.1:8000/ws/${code}?token=${token}`, 10_000);
 * if (outcome.ok) socket.send(positionMessage(0));
 * await socket.close();
 * ```
 */
import {
  closePayload,
  encodeFrame,
  encodeTextFrame,
  handshakeKey,
  handshakeRequest,
  Opcode,
  parseFrame,
  parseHandshake,
  readClosePayload,
} from "./ws_frames.ts";

/** Prefix of every `positions` frame the server sends (JSON.stringify keeps key order). */
export const POSITIONS_PREFIX = '{"type":"positions"';

/** Traffic counted across every socket of a run. */
export interface SocketCounters {
  sent: number;
  received: number;
  /** In-band `rate_limited` notices: the server dropped some of this run's messages. */
  rateLimitNotices?: number;
}

/** How a connect attempt ended. */
export interface ConnectOutcome {
  ok: boolean;
  /** Close code when refused (1006: the connection ended without a close frame). */
  closeCode: number;
  closeReason: string;
  /** `code` and `message` of the in-band `error` message sent before a refusal, if any. */
  errorCode: string;
  errorMessage: string;
}

const _READ_BUFFER_BYTES = 8 * 1024;
const _decoder = new TextDecoder();

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
  readonly #mask = crypto.getRandomValues(new Uint8Array(4));
  #conn: Deno.TcpConn | null = null;
  #state: "new" | "open" | "closing" | "closed" = "new";
  #welcomed = false;
  #settle: ((ok: boolean) => void) | null = null;
  #closed = Promise.withResolvers<void>();
  #queue: Uint8Array[] = [];
  #writing = false;
  #text: Uint8Array[] = [];

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
    return this.#welcomed && this.#state === "open";
  }

  /** Opens `url` (`ws://host:port/path?query`) and waits for `welcome`, a close, or `timeoutMs`. */
  async connect(url: string, timeoutMs: number): Promise<ConnectOutcome> {
    const { promise, resolve } = Promise.withResolvers<boolean>();
    const timer = setTimeout(() => {
      this.errorCode ||= "connect_timeout";
      this.#end(1006, "");
    }, timeoutMs);
    this.#settle = (ok) => {
      this.#settle = null;
      resolve(ok);
    };
    const target = new URL(url);
    try {
      this.#conn = await Deno.connect({ hostname: target.hostname, port: Number(target.port) });
      this.#conn.setNoDelay(true);
      this.#state = "open";
      this.#write(handshakeRequest(target.host, target.pathname + target.search, handshakeKey()));
      void this.#readLoop(this.#conn);
    } catch {
      this.errorCode ||= "connect_failed";
      this.#end(1006, "");
    }
    const ok = await promise;
    clearTimeout(timer);
    return {
      ok,
      closeCode: this.closeCode,
      closeReason: this.closeReason,
      errorCode: this.errorCode,
      errorMessage: this.errorMessage,
    };
  }

  /** Sends a text frame; false when the socket is not open. */
  send(text: string): boolean {
    if (this.#state !== "open") return false;
    this.#write(encodeTextFrame(text, this.#mask));
    this.#counters.sent++;
    return true;
  }

  /** Closes from our side (1000) and waits for the server's close, at most `timeoutMs`. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.#state === "new") return;
    if (this.#state === "open") {
      this.closedByUs = true;
      this.#state = "closing";
      this.#write(encodeFrame(Opcode.Close, closePayload(1000, "done"), this.#mask));
    }
    const timer = setTimeout(() => this.#end(1006, ""), timeoutMs);
    await this.#closed.promise;
    clearTimeout(timer);
  }

  async #readLoop(conn: Deno.TcpConn): Promise<void> {
    let buf = new Uint8Array(_READ_BUFFER_BYTES);
    let start = 0;
    let end = 0;
    let upgraded = false;
    try {
      while (this.#state !== "closed") {
        if (end === buf.length) {
          // Keep the unparsed tail; grow only when one frame is larger than the buffer.
          const tail = buf.subarray(start, end);
          if (start === 0) buf = new Uint8Array(buf.length * 2);
          buf.set(tail);
          end -= start;
          start = 0;
        }
        const n = await conn.read(buf.subarray(end));
        if (n === null) break;
        end += n;
        if (!upgraded) {
          const answer = parseHandshake(buf, end);
          if (answer === null) continue;
          if (answer.status !== 101) {
            this.errorCode ||= `http_${answer.status}`;
            break;
          }
          upgraded = true;
          start = answer.headerEnd;
        }
        for (
          let parsed = parseFrame(buf, start, end);
          parsed;
          parsed = parseFrame(buf, start, end)
        ) {
          start = parsed.next;
          this.#onFrame(parsed.frame.opcode, parsed.frame.fin, parsed.frame.payload);
        }
        if (start === end) start = end = 0;
      }
    } catch {
      // The connection was closed under the read, by us or by the peer.
    }
    this.#end(1006, "");
  }

  #onFrame(opcode: number, fin: boolean, payload: Uint8Array): void {
    if (opcode === Opcode.Text || (opcode === Opcode.Continuation && this.#text.length > 0)) {
      if (!fin) {
        this.#text.push(payload.slice());
        return;
      }
      const text = this.#text.length === 0 ? _decoder.decode(payload) : this.#joinText(payload);
      this.#counters.received++;
      if (text.startsWith(POSITIONS_PREFIX)) this.#onPositions(this.index, text);
      else this.#onOther(text);
    } else if (opcode === Opcode.Ping) {
      this.#write(encodeFrame(Opcode.Pong, payload.slice(), this.#mask));
    } else if (opcode === Opcode.Close) {
      const { code, reason } = readClosePayload(payload);
      if (this.#state === "open") {
        this.#write(encodeFrame(Opcode.Close, payload.slice(0, 2), this.#mask));
      }
      this.#state = "closing";
      // The server closes the TCP connection once it has our close frame.
      this.closeCode ||= code;
      this.closeReason ||= reason;
      this.#settle?.(false);
    }
  }

  #joinText(last: Uint8Array): string {
    const parts = [...this.#text, last];
    this.#text = [];
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return _decoder.decode(all);
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
      this.#settle?.(true);
    } else if (message.type === "error") {
      if (message.code === "rate_limited") {
        this.#counters.rateLimitNotices = (this.#counters.rateLimitNotices ?? 0) + 1;
      }
      this.errorCode = String(message.code ?? "");
      this.errorMessage = String(message.message ?? "");
    }
  }

  #write(bytes: Uint8Array): void {
    this.#queue.push(bytes);
    if (!this.#writing) void this.#pump();
  }

  // One write in flight per connection; frames queued meanwhile go out together.
  async #pump(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && this.#conn !== null) {
        const chunk = this.#queue.length === 1 ? this.#queue[0]! : _concat(this.#queue);
        this.#queue = [];
        for (let at = 0; at < chunk.length;) at += await this.#conn.write(chunk.subarray(at));
      }
    } catch {
      this.#queue = [];
    } finally {
      this.#writing = false;
    }
  }

  #end(code: number, reason: string): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.closeCode ||= code;
    this.closeReason ||= reason;
    try {
      this.#conn?.close();
    } catch {
      // Already closed.
    }
    this.#settle?.(false);
    this.#closed.resolve();
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

function _concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
