/** The load tester's WebSocket client framing (RFC 6455), byte by byte. */
import assert from "node:assert/strict";
import {
  closePayload,
  encodeFrame,
  encodeTextFrame,
  handshakeRequest,
  Opcode,
  parseFrame,
  parseHandshake,
  readClosePayload,
} from "../tools/load/ws_frames.ts";

const MASK = new Uint8Array([1, 2, 3, 4]);
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("encodeTextFrame masks the payload behind a FIN text header, and parseFrame unmasks it", async (t) => {
  for (const length of [0, 5, 125, 126, 300, 65_535, 65_536]) {
    await t.step(`${length} bytes`, () => {
      const payload = "é".repeat(Math.floor(length / 2)) + "x".repeat(length % 2);
      const frame = encodeTextFrame(payload, MASK);
      assert.equal(frame[0], 0x81);
      assert.equal(frame[1]! & 0x80, 0x80, "client frames are masked");
      const parsed = parseFrame(frame, 0, frame.length);
      assert.ok(parsed);
      assert.equal(parsed.next, frame.length);
      assert.equal(parsed.frame.fin, true);
      assert.equal(parsed.frame.opcode, Opcode.Text);
      assert.equal(text(parsed.frame.payload), payload);
    });
  }
});

Deno.test("parseFrame reads unmasked server frames and waits for the rest of a partial one", () => {
  const server = new Uint8Array([0x81, 3, ...bytes("abc"), 0x89, 0]);
  const first = parseFrame(server, 0, server.length);
  assert.deepEqual([first?.frame.opcode, text(first!.frame.payload), first?.next], [
    Opcode.Text,
    "abc",
    5,
  ]);
  const ping = parseFrame(server, 5, server.length);
  assert.deepEqual([ping?.frame.opcode, ping?.frame.payload.length], [Opcode.Ping, 0]);
  for (let end = 0; end < 5; end++) {
    assert.equal(parseFrame(server, 0, end), null, `${end} bytes is not a frame`);
  }
  const long = new Uint8Array([0x81, 126, 0x01]);
  assert.equal(parseFrame(long, 0, long.length), null, "a 16-bit length cut short");
});

Deno.test("a close frame carries its code and reason both ways", () => {
  const frame = encodeFrame(Opcode.Close, closePayload(4003, "server_full"), MASK);
  const parsed = parseFrame(frame, 0, frame.length);
  assert.equal(parsed?.frame.opcode, Opcode.Close);
  assert.deepEqual(readClosePayload(parsed!.frame.payload), { code: 4003, reason: "server_full" });
  assert.deepEqual(readClosePayload(new Uint8Array()), { code: 1005, reason: "" });
});

Deno.test("the upgrade request names the path and key, and parseHandshake finds the end of the answer", () => {
  const request = text(handshakeRequest("127.0.0.1:8000", "/ws/ABCDEF?token=t", "a2V5"));
  assert.match(request, /^GET \/ws\/ABCDEF\?token=t HTTP\/1\.1\r\n/);
  assert.match(request, /\r\nSec-WebSocket-Key: a2V5\r\n/);
  assert.ok(request.endsWith("\r\n\r\n"));
  const head = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
  const answer = new Uint8Array([...head, 0x81, 0x00]);
  assert.deepEqual(parseHandshake(answer, answer.length), { status: 101, headerEnd: head.length });
  assert.equal(parseHandshake(answer, 20), null);
  const refused = bytes("HTTP/1.1 429 Too Many Requests\r\n\r\n");
  assert.equal(parseHandshake(refused, refused.length)?.status, 429);
});
