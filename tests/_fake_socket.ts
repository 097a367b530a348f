/**
 * Test helper: a {@link GameSocket} that records what the server sends and how it closes, with a
 * `bufferedAmount` the test sets to play a stalled reader.
 */
import type { GameSocket } from "../lib/connection.ts";
import type { ServerMessage } from "../lib/protocol.ts";

/** WebSocket ready states. */
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;

/** A fake socket: `sent` holds every string sent, `closes` every close call. */
export class FakeSocket implements GameSocket {
  readonly sent: string[] = [];
  readonly closes: Array<{ code?: number; reason?: string }> = [];
  bufferedAmount = 0;
  readyState = OPEN;

  send(data: string): void {
    if (this.readyState !== OPEN) throw new DOMException("not open", "InvalidStateError");
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closes.push({ code, reason });
    if (this.readyState === OPEN) this.readyState = CLOSING;
  }

  /** Every message sent, parsed. */
  messages(): ServerMessage[] {
    return this.sent.map((text) => JSON.parse(text) as ServerMessage);
  }

  /** The messages of one type, parsed. */
  ofType<T extends ServerMessage["type"]>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages().filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
}
