import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { LIMITS } from "../lib/config.ts";
import { Connection } from "../lib/connection.ts";
import { LobbyRoom } from "../lib/lobby_room.ts";
import { MessageRateLimiter } from "../lib/message_rate_limiter.ts";
import { TrafficStats } from "../lib/traffic_stats.ts";
import { FakeSocket } from "./_fake_socket.ts";

function member(traffic: TrafficStats, playerId: string) {
  const socket = new FakeSocket();
  const conn = new Connection(socket, {
    code: "K7QX2M",
    playerId,
    limiter: new MessageRateLimiter({ ratePerSecond: 60, clock: new FakeClock() }),
    traffic,
  });
  return { socket, conn };
}

Deno.test("LobbyRoom.add() returns the connection it replaces; remove() ignores a replaced one", () => {
  const traffic = new TrafficStats();
  const room = new LobbyRoom("K7QX2M", "waiting");
  const first = member(traffic, "p");
  const second = member(traffic, "p");
  assert.equal(room.add(first.conn), undefined);
  assert.equal(room.add(first.conn), undefined, "adding the same one again replaces nothing");
  assert.equal(room.add(second.conn), first.conn);
  assert.equal(room.size, 1);
  assert.equal(room.remove(first.conn), false);
  assert.equal(room.member("p"), second.conn);
  assert.equal(room.remove(second.conn), true);
  assert.equal(room.size, 0);
});

Deno.test("LobbyRoom.flush() sends one frame per member with the latest position of each mover", () => {
  const traffic = new TrafficStats();
  const room = new LobbyRoom("K7QX2M", "playing");
  const [a, b, c] = ["a", "b", "c"].map((id) => member(traffic, id));
  for (const m of [a!, b!, c!]) room.add(m.conn);
  room.setPosition("a", 1, 1);
  room.setPosition("b", 5, 5);
  room.setPosition("a", 2, 3);
  assert.equal(room.flush(traffic), true);
  for (const m of [a!, b!, c!]) {
    assert.deepEqual(m.socket.messages(), [{
      type: "positions",
      players: [{ id: "a", x: 2, y: 3 }, { id: "b", x: 5, y: 5 }],
    }]);
  }
  assert.equal(traffic.framesBroadcast, 1);
  assert.equal(room.flush(traffic), false, "nothing moved since");
  assert.equal(a!.socket.sent.length, 1);
  assert.equal(traffic.framesBroadcast, 1);
});

Deno.test("LobbyRoom.flush() skips a member that is behind and still serves the others", () => {
  const traffic = new TrafficStats();
  const room = new LobbyRoom("K7QX2M", "playing");
  const slow = member(traffic, "slow");
  const fast = member(traffic, "fast");
  room.add(slow.conn);
  room.add(fast.conn);
  slow.socket.bufferedAmount = LIMITS.softBufferedBytes + 1;
  room.setPosition("fast", 1, 2);
  room.flush(traffic);
  assert.equal(slow.socket.sent.length, 0);
  assert.equal(fast.socket.sent.length, 1);
  assert.equal(traffic.framesDropped, 1);
});

Deno.test("LobbyRoom.positions() returns copies of every known position; forget() drops one", () => {
  const traffic = new TrafficStats();
  const room = new LobbyRoom("K7QX2M", "playing");
  room.setPosition("a", 1, 2);
  room.setPosition("b", 3, 4);
  const positions = room.positions();
  assert.deepEqual(positions, [{ id: "a", x: 1, y: 2 }, { id: "b", x: 3, y: 4 }]);
  positions[0]!.x = 999;
  assert.deepEqual(room.positions()[0], { id: "a", x: 1, y: 2 }, "the copy is not the state");
  room.forget("b");
  assert.deepEqual(room.positions(), [{ id: "a", x: 1, y: 2 }]);
  const watcher = member(traffic, "w");
  room.add(watcher.conn);
  room.flush(traffic);
  assert.deepEqual(watcher.socket.ofType("positions")[0]?.players, [{ id: "a", x: 1, y: 2 }]);
});

Deno.test("LobbyRoom.broadcast() and closeAll() reach every member", () => {
  const traffic = new TrafficStats();
  const room = new LobbyRoom("K7QX2M", "waiting");
  const members = ["a", "b"].map((id) => member(traffic, id));
  for (const m of members) room.add(m.conn);
  const lobby = {
    code: "K7QX2M",
    status: "waiting" as const,
    hostId: "a",
    players: [{ id: "a", name: "A" }, { id: "b", name: "B" }],
    maxPlayers: 10,
    createdAt: 0,
  };
  room.broadcast({ type: "player_left", playerId: "x", lobby });
  for (const m of members) {
    assert.deepEqual(m.socket.messages(), [{ type: "player_left", playerId: "x", lobby }]);
  }
  room.closeAll(1001, "server_shutdown", "Restarting.");
  for (const m of members) {
    assert.deepEqual(m.socket.messages().at(-1), {
      type: "error",
      code: "server_shutdown",
      message: "Restarting.",
    });
    assert.deepEqual(m.socket.closes, [{ code: 1001, reason: "server_shutdown" }]);
  }
});
