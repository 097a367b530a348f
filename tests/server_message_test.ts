import assert from "node:assert/strict";
import type { PublicLobby } from "../lib/protocol.ts";
import { parseServerMessage } from "../lib/server_message.ts";

const LOBBY: PublicLobby = {
  code: "ABC234",
  status: "waiting",
  hostId: "p1",
  players: [{ id: "p1", name: "Ada" }],
  maxPlayers: 10,
  createdAt: 0,
};

Deno.test("parseServerMessage() accepts the protocol and refuses anything else", async (t) => {
  await t.step("valid messages come back typed", () => {
    const welcome = parseServerMessage(
      JSON.stringify({ type: "welcome", playerId: "p1", lobby: LOBBY }),
    );
    assert.deepEqual(welcome, {
      type: "welcome",
      playerId: "p1",
      lobby: LOBBY,
      positions: [],
      away: [],
    });
    assert.deepEqual(parseServerMessage('{"type":"player_away","playerId":"p2"}'), {
      type: "player_away",
      playerId: "p2",
    });
    assert.equal(parseServerMessage('{"type":"player_back","playerId":7}'), null);
    assert.deepEqual(
      parseServerMessage('{"type":"error","code":"server_full","retryAfterMs":3000}'),
      { type: "error", code: "server_full", retryAfterMs: 3000 },
    );
  });
  await t.step("malformed position entries are dropped", () => {
    const text = JSON.stringify({
      type: "positions",
      players: [{ id: "a", x: 1, y: 2 }, { id: "b", x: "1", y: 2 }, null, { x: 1, y: 1 }],
    });
    assert.deepEqual(parseServerMessage(text), {
      type: "positions",
      players: [{ id: "a", x: 1, y: 2 }],
    });
  });
  await t.step("garbage is null", () => {
    for (
      const data of [
        "not json",
        "[]",
        "null",
        '{"type":"welcome","playerId":"p1"}',
        '{"type":"player_joined","player":{"id":1},"lobby":{}}',
        '{"type":"error"}',
        '{"type":"surprise"}',
        new ArrayBuffer(4),
      ]
    ) {
      assert.equal(parseServerMessage(data), null, String(data));
    }
  });
});
