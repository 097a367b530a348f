/**
 * The client side of the WebSocket wire format (RFC 6455), as pure functions over bytes: the
 * upgrade request, the server's answer, and frames. The load tester speaks it over its own TCP
 * connections because Deno's `WebSocket` client turns Nagle's algorithm on (it sets
 * `TCP_NODELAY` to 0, seen with `strace` on Deno 2.9.6): a small message sent while the
 * previous one waits for a delayed ACK then sits in the kernel for up to 40 ms, which a browser
 * (Nagle off) never sees and the server never caused.
 *
 * @example
 * ```ts
 * const frame = encodeTextFrame('{"type":"position","x":1,"y":2}', new Uint8Array(4));
 * parseFrame(frame, 0, frame.length)?.frame.opcode; // Opcode.Text
 * ```
 */

/** Frame opcodes. */
export const Opcode = { Continuation: 0, Text: 1, Binary: 2, Close: 8, Ping: 9, Pong: 10 } as const;

/** One parsed frame; `payload` is a view into the buffer it was parsed from (unmasked). */
export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Uint8Array;
}

const _encoder = new TextEncoder();
const _decoder = new TextDecoder();

/** The HTTP upgrade request for `path` (with its query) on `host`. */
export function handshakeRequest(host: string, path: string, key: string): Uint8Array {
  return _encoder.encode(
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
}

/** A random `Sec-WebSocket-Key`. */
export function handshakeKey(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The status of the server's answer to the upgrade and where its headers end, or null while
 * the answer is incomplete.
 */
export function parseHandshake(
  buf: Uint8Array,
  end: number,
): { status: number; headerEnd: number } | null {
  for (let i = 3; i < end; i++) {
    if (buf[i] === 10 && buf[i - 1] === 13 && buf[i - 2] === 10 && buf[i - 3] === 13) {
      const head = _decoder.decode(buf.subarray(0, i));
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      return { status, headerEnd: i + 1 };
    }
  }
  return null;
}

/** A masked (client-to-server) text frame carrying `text`. */
export function encodeTextFrame(text: string, mask: Uint8Array): Uint8Array {
  const n = text.length;
  // The load tester's own messages are short ASCII: one allocation, no encoder call.
  if (n < 126 && _isAscii(text)) {
    const out = new Uint8Array(6 + n);
    out[0] = 0x80 | Opcode.Text;
    out[1] = 0x80 | n;
    out[2] = mask[0]!;
    out[3] = mask[1]!;
    out[4] = mask[2]!;
    out[5] = mask[3]!;
    for (let i = 0; i < n; i++) out[6 + i] = text.charCodeAt(i) ^ mask[i & 3]!;
    return out;
  }
  return encodeFrame(Opcode.Text, _encoder.encode(text), mask);
}

/** A masked frame of `opcode` with `payload` (close, ping, pong). */
export function encodeFrame(opcode: number, payload: Uint8Array, mask: Uint8Array): Uint8Array {
  const header = _header(opcode, payload.length, mask);
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  _mask(out, header.length, payload.length, mask);
  return out;
}

/** The payload of a close frame: a 2-byte code and a UTF-8 reason. */
export function closePayload(code: number, reason: string): Uint8Array {
  const text = _encoder.encode(reason);
  const out = new Uint8Array(2 + text.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(text, 2);
  return out;
}

/** The code and reason of a close frame's payload (1005 when it has no code). */
export function readClosePayload(payload: Uint8Array): { code: number; reason: string } {
  if (payload.length < 2) return { code: 1005, reason: "" };
  return { code: (payload[0]! << 8) | payload[1]!, reason: _decoder.decode(payload.subarray(2)) };
}

/** The frame starting at `start` and where the next one starts, or null while it is incomplete. */
export function parseFrame(
  buf: Uint8Array,
  start: number,
  end: number,
): { frame: Frame; next: number } | null {
  if (end - start < 2) return null;
  const b0 = buf[start]!;
  const b1 = buf[start + 1]!;
  let length = b1 & 0x7f;
  let offset = start + 2;
  if (length === 126) {
    if (end - offset < 2) return null;
    length = (buf[offset]! << 8) | buf[offset + 1]!;
    offset += 2;
  } else if (length === 127) {
    if (end - offset < 8) return null;
    // Frames from this server are far below 4 GiB; the high 32 bits are zero.
    length = ((buf[offset + 4]! << 24) >>> 0) + (buf[offset + 5]! << 16) + (buf[offset + 6]! << 8) +
      buf[offset + 7]!;
    offset += 8;
  }
  const masked = (b1 & 0x80) !== 0;
  const maskAt = offset;
  if (masked) offset += 4;
  if (end - offset < length) return null;
  if (masked) _mask(buf, offset, length, buf.slice(maskAt, maskAt + 4));
  return {
    frame: {
      fin: (b0 & 0x80) !== 0,
      opcode: b0 & 0x0f,
      payload: buf.subarray(offset, offset + length),
    },
    next: offset + length,
  };
}

function _header(opcode: number, length: number, mask: Uint8Array): Uint8Array {
  const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const header = new Uint8Array(2 + lengthBytes + 4);
  header[0] = 0x80 | opcode;
  if (lengthBytes === 0) header[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    header[1] = 0x80 | 126;
    header[2] = length >> 8;
    header[3] = length & 0xff;
  } else {
    header[1] = 0x80 | 127;
    new DataView(header.buffer).setUint32(6, length);
  }
  header.set(mask, 2 + lengthBytes);
  return header;
}

function _isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function _mask(buf: Uint8Array, offset: number, length: number, mask: Uint8Array): void {
  for (let i = 0; i < length; i++) buf[offset + i]! ^= mask[i & 3]!;
}
