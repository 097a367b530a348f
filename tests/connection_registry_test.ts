import assert from "node:assert/strict";
import { ConnectionRegistry, type Reservation, type Slot } from "../lib/connection_registry.ts";

function slotOf(reservation: Reservation): Slot {
  assert.ok(reservation.ok, `expected a slot, got ${JSON.stringify(reservation)}`);
  return reservation.slot;
}

Deno.test("ConnectionRegistry refuses past MAX_CONNECTIONS_PER_LOBBY with lobby_full", () => {
  const registry = new ConnectionRegistry({ maxConnections: 100, maxPerLobby: 3 });
  for (let i = 0; i < 3; i++) slotOf(registry.reserve("AAAAAA", `p${i}`));
  assert.deepEqual(registry.reserve("AAAAAA", "p3"), { ok: false, reason: "lobby_full" });
  assert.deepEqual(registry.reserve("AAAAAA", null), { ok: false, reason: "lobby_full" });
  assert.equal(registry.countIn("AAAAAA"), 3);
  slotOf(registry.reserve("BBBBBB", "q0")); // another lobby is not affected
  assert.equal(registry.total, 4);
});

Deno.test("ConnectionRegistry refuses past MAX_WEBSOCKET_CONNECTIONS with server_full", () => {
  const registry = new ConnectionRegistry({ maxConnections: 3, maxPerLobby: 10 });
  slotOf(registry.reserve("AAAAAA", "a"));
  slotOf(registry.reserve("BBBBBB", "b"));
  const third = slotOf(registry.reserve("CCCCCC", "c"));
  assert.deepEqual(registry.reserve("DDDDDD", "d"), { ok: false, reason: "server_full" });
  assert.deepEqual(registry.reserve("AAAAAA", "e"), { ok: false, reason: "server_full" });
  assert.equal(registry.total, 3);
  third.release();
  slotOf(registry.reserve("DDDDDD", "d"));
});

Deno.test("Slot.release() twice lowers the counts only once", () => {
  const registry = new ConnectionRegistry({ maxConnections: 10, maxPerLobby: 10 });
  const a = slotOf(registry.reserve("AAAAAA", "a"));
  slotOf(registry.reserve("AAAAAA", "b"));
  assert.equal(registry.total, 2);
  a.release();
  a.release();
  assert.equal(registry.total, 1);
  assert.equal(registry.countIn("AAAAAA"), 1);
  assert.equal(registry.getStats().active_lobbies, 1);
});

Deno.test("ConnectionRegistry forgets a lobby when its last slot is released", () => {
  const registry = new ConnectionRegistry({ maxConnections: 10, maxPerLobby: 10 });
  const slots = ["a", "b"].map((p) => slotOf(registry.reserve("AAAAAA", p)));
  for (const slot of slots) slot.release();
  assert.equal(registry.total, 0);
  assert.equal(registry.countIn("AAAAAA"), 0);
  assert.equal(registry.getStats().active_lobbies, 0);
});

Deno.test("a player holding one slot may reconnect one past the limit, a second claim may not", async (t) => {
  await t.step("per-lobby limit", () => {
    const registry = new ConnectionRegistry({ maxConnections: 100, maxPerLobby: 2 });
    const old = slotOf(registry.reserve("AAAAAA", "p"));
    slotOf(registry.reserve("AAAAAA", "q"));
    const replacement = slotOf(registry.reserve("AAAAAA", "p"));
    assert.equal(registry.countIn("AAAAAA"), 3);
    assert.deepEqual(registry.reserve("AAAAAA", "p"), { ok: false, reason: "lobby_full" });
    assert.deepEqual(registry.reserve("AAAAAA", null), { ok: false, reason: "lobby_full" });
    assert.deepEqual(registry.reserve("AAAAAA", "r"), { ok: false, reason: "lobby_full" });
    old.release(); // the older socket is closed once the new one is in
    assert.equal(registry.countIn("AAAAAA"), 2);
    assert.deepEqual(registry.reserve("AAAAAA", "r"), { ok: false, reason: "lobby_full" });
    replacement.release();
    slotOf(registry.reserve("AAAAAA", "r"));
  });
  await t.step("process-wide limit", () => {
    const registry = new ConnectionRegistry({ maxConnections: 2, maxPerLobby: 10 });
    slotOf(registry.reserve("AAAAAA", "p"));
    slotOf(registry.reserve("BBBBBB", "q"));
    slotOf(registry.reserve("AAAAAA", "p"));
    assert.equal(registry.total, 3);
    assert.deepEqual(registry.reserve("AAAAAA", "p"), { ok: false, reason: "server_full" });
  });
  await t.step("a player with no slot in that lobby gets no allowance", () => {
    const registry = new ConnectionRegistry({ maxConnections: 100, maxPerLobby: 1 });
    slotOf(registry.reserve("AAAAAA", "q"));
    slotOf(registry.reserve("BBBBBB", "p"));
    assert.deepEqual(registry.reserve("AAAAAA", "p"), { ok: false, reason: "lobby_full" });
  });
});

Deno.test("ConnectionRegistry.getStats() reports figures and a histogram without codes", () => {
  const registry = new ConnectionRegistry({ maxConnections: 50, maxPerLobby: 5 });
  const codes = ["K7QX2M", "ZZ9YY8", "ABCDEF"];
  for (const [i, code] of codes.entries()) {
    for (let p = 0; p <= i; p++) slotOf(registry.reserve(code, `${code}-p${p}`));
  }
  slotOf(registry.reserve("HJKMNP", "x"));
  const stats = registry.getStats();
  assert.deepEqual(stats, {
    total_connections: 7,
    max_connections: 50,
    max_connections_per_lobby: 5,
    active_lobbies: 4,
    lobby_sizes: { "1": 2, "2": 1, "3": 1 },
  });
  const json = JSON.stringify(stats);
  for (const code of [...codes, "HJKMNP"]) assert.ok(!json.includes(code), `${code} leaked`);
});
