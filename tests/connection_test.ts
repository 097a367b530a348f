import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { LIMITS } from "../lib/config.ts";
import { Connection } from "../lib/connection.ts";
import { MessageRateLimiter } from "../lib/message_rate_limiter.ts";
import { CloseCode, CloseReason } from "../lib/protocol.ts";
import { TrafficStats } from "../lib/traffic_stats.ts";
import { CLOSED, FakeSocket } from "./_fake_socket.ts";

function connection() {
  const socket = new FakeSocket();
  const traffic = new TrafficStats();
  let ended = 0;
  let closesSent = 0;
  const conn = new Connection(socket, {
    code: "K7QX2M",
    playerId: "p1",
    limiter: new MessageRateLimiter({ ratePerSecond: 60, clock: new FakeClock() }),
    traffic,
    onEnd: () => ended++,
    onCloseSent: () => closesSent++,
  });
  return { socket, traffic, conn, ended: () => ended, closesSent: () => closesSent };
}

Deno.test("Connection.sendEvent() and sendFrame() send while the reader keeps up", () => {
  const { socket, traffic, conn } = connection();
  assert.equal(conn.sendEvent("event"), true);
  socket.bufferedAmount = LIMITS.softBufferedBytes;
  assert.equal(conn.sendFrame("frame"), true, "at the soft limit, still sent");
  assert.deepEqual(socket.sent, ["event", "frame"]);
  assert.equal(traffic.messagesOut, 2);
  assert.equal(traffic.framesDropped, 0);
});

Deno.test("Connection.sendFrame() skips frames over the soft limit and counts them", () => {
  const { socket, traffic, conn, ended } = connection();
  socket.bufferedAmount = LIMITS.softBufferedBytes + 1;
  assert.equal(conn.sendFrame("frame"), false);
  assert.equal(conn.sendFrame("frame"), false);
  assert.deepEqual(socket.sent, []);
  assert.equal(traffic.framesDropped, 2);
  assert.equal(conn.isOpen, true, "a reader that is merely behind stays connected");
  assert.equal(ended(), 0);
  assert.equal(conn.sendEvent("event"), true, "events still go out below the hard limit");
  socket.bufferedAmount = 0;
  assert.equal(conn.sendFrame("frame"), true, "frames resume once it catches up");
});

Deno.test("Connection closes a reader over the hard limit with 4008 slow_consumer", async (t) => {
  for (const method of ["sendFrame", "sendEvent"] as const) {
    await t.step(method, () => {
      const { socket, traffic, conn, ended } = connection();
      socket.bufferedAmount = LIMITS.hardBufferedBytes + 1;
      assert.equal(conn[method]("text"), false);
      assert.deepEqual(socket.sent, []);
      assert.deepEqual(socket.closes, [{
        code: CloseCode.SlowConsumer,
        reason: CloseReason.SlowConsumer,
      }]);
      assert.equal(conn.isOpen, false);
      assert.equal(ended(), 1, "the slot is freed at once, without waiting for the handshake");
      assert.equal(traffic.closesByCode().get(4008), 1);
    });
  }
});

Deno.test("Connection.close() closes once and ends once, whatever follows", () => {
  const { socket, traffic, conn, ended, closesSent } = connection();
  assert.equal(conn.ended, false);
  conn.close(CloseCode.Normal, CloseReason.Left);
  conn.close(CloseCode.ServerShutdown, CloseReason.ServerShutdown);
  conn.markClosedByPeer(1006);
  assert.deepEqual(socket.closes, [{ code: 1000, reason: "left" }]);
  assert.equal(ended(), 1);
  assert.equal(conn.ended, true);
  assert.equal(closesSent(), 1, "the close frame is watched once");
  assert.deepEqual([...traffic.closesByCode()], [[1000, 1]]);
  assert.equal(conn.sendEvent("late"), false);
  assert.equal(conn.sendFrame("late"), false);
  assert.deepEqual(socket.sent, []);
});

Deno.test("Connection.markClosedByPeer() ends once and a later close() does nothing", () => {
  const { socket, traffic, conn, ended, closesSent } = connection();
  socket.readyState = CLOSED;
  conn.markClosedByPeer(1001);
  conn.markClosedByPeer(1006);
  conn.close(CloseCode.Normal, CloseReason.Left);
  assert.equal(ended(), 1);
  assert.equal(conn.ended, true);
  assert.equal(closesSent(), 0, "no close frame of ours to watch");
  assert.deepEqual(socket.closes, []);
  assert.deepEqual([...traffic.closesByCode()], [[1001, 1]]);
});

Deno.test("Connection is not open once its socket stops being open, and a failing send is false", () => {
  const { socket, conn } = connection();
  socket.readyState = CLOSED;
  assert.equal(conn.isOpen, false);
  assert.equal(conn.sendEvent("x"), false);

  const other = connection();
  other.socket.send = () => {
    throw new DOMException("gone", "InvalidStateError");
  };
  assert.equal(other.conn.sendEvent("x"), false);
  assert.equal(other.traffic.messagesOut, 0);
});

Deno.test("Connection.close() survives a socket whose close throws", () => {
  const { socket, conn, ended } = connection();
  socket.close = () => {
    throw new DOMException("closing", "InvalidStateError");
  };
  assert.doesNotThrow(() => conn.close(CloseCode.Normal, CloseReason.Left));
  assert.equal(ended(), 1);
  assert.equal(conn.isOpen, false);
});

Deno.test("Connection.closeWithError() says why, then closes with its own code", async (t) => {
  await t.step("a reader keeping up gets the error message first", () => {
    const { socket, conn } = connection();
    conn.closeWithError(CloseCode.Replaced, CloseReason.Replaced, "Opened elsewhere.");
    assert.deepEqual(socket.sent.map((text) => JSON.parse(text)), [
      { type: "error", code: "replaced", message: "Opened elsewhere." },
    ]);
    assert.deepEqual(socket.closes, [{ code: 4002, reason: "replaced" }]);
  });
  await t.step("a reader over the hard limit is closed with that code, not 4008", () => {
    const { socket, conn } = connection();
    socket.bufferedAmount = LIMITS.hardBufferedBytes + 1;
    conn.closeWithError(CloseCode.Replaced, CloseReason.Replaced, "Opened elsewhere.");
    assert.deepEqual(socket.sent, []);
    assert.deepEqual(socket.closes, [{ code: 4002, reason: "replaced" }]);
  });
});
