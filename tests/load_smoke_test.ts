/**
 * The load tester as a library against a real test server: 500 players in lobbies of 10 go
 * through the real flow and play for a few seconds. Behaviour only, no timing assertions:
 * everyone connects, nobody is dropped, everyone sees everyone else in their lobby, and one
 * player too many is turned away with 4003 `server_full` and a message saying why.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_server.ts";
import { LOAD_DEFAULTS } from "../tools/load/args.ts";
import { formatReport } from "../tools/load/report.ts";
import { LoadRun, runLoad } from "../tools/load/run.ts";

const PLAYERS = 500;
const LOBBY_SIZE = 10;

Deno.test("500 simulated players all connect, see every other member of their lobby, and player 501 gets server_full", async () => {
  const server = await startTestServer({
    MAX_WEBSOCKET_CONNECTIONS: String(PLAYERS),
    RATE_LIMIT_API: "100000",
    RATE_LIMIT_LOBBY_CREATE: "100000",
    RATE_LIMIT_LOBBY_JOIN: "100000",
  });
  const run = new LoadRun(
    { ...LOAD_DEFAULTS, players: PLAYERS, lobbySize: LOBBY_SIZE, hz: 10, seconds: 3 },
    { url: server.url },
  );
  try {
    await run.seat();
    assert.deepEqual(run.setupErrors, {}, "every create, join and start succeeds");
    await run.connect();
    assert.equal(server.registry.total, PLAYERS);

    await run.play();
    const extra = await run.tryExtraPlayer();
    assert.deepEqual(extra.setupErrors, {});
    assert.equal(extra.outcome?.ok, false);
    assert.equal(extra.outcome?.closeCode, 4003);
    assert.equal(extra.outcome?.closeReason, "server_full");
    assert.equal(extra.outcome?.errorCode, "server_full", "the reason also arrives in-band");
    assert.match(extra.outcome?.errorMessage ?? "", /busy/i);

    await run.close();
    const result = run.result();
    assert.equal(result.connects.connected, PLAYERS);
    assert.deepEqual(result.connects.rejected, {});
    assert.deepEqual(result.connects.failed, {});
    assert.deepEqual(result.unexpectedCloses, {}, "the server closed nobody during the run");
    const blind: string[] = [];
    for (let receiver = 0; receiver < PLAYERS; receiver++) {
      const first = receiver - (receiver % LOBBY_SIZE);
      for (let sender = first; sender < first + LOBBY_SIZE; sender++) {
        if (sender !== receiver && run.tracker.seenBy(receiver, sender) < 0) {
          blind.push(`${receiver}<-${sender}`);
        }
      }
    }
    assert.deepEqual(blind.slice(0, 10), [], `${blind.length} pairs never saw a position`);
    assert.ok(result.delivery.updatesReceived > 0);
  } finally {
    await run.close();
    await server.close();
  }
});

Deno.test("a run the server's rate limits cut short is reported INVALID, with the limits to raise", async () => {
  const server = await startTestServer({ RATE_LIMIT_LOBBY_JOIN: "3" });
  try {
    const result = await runLoad(
      { ...LOAD_DEFAULTS, players: 10, lobbySize: 5, hz: 5, seconds: 1 },
      { url: server.url },
    );
    // Two lobbies: two creates, then eight joins of which the limit lets three through.
    assert.equal(result.setup.seated, 5);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]!, /only 5 of 10 players got a seat \(5 join 429/);
    assert.match(result.problems[0]!, /RATE_LIMIT_LOBBY_JOIN/);
    assert.match(formatReport(result), /^RESULT: INVALID: only 5 of 10/);
  } finally {
    await server.close();
  }
});

Deno.test("a run whose players or messages the server turned away is INVALID and says which limit", async (t) => {
  const server = await startTestServer({
    MAX_WEBSOCKET_CONNECTIONS: "8",
    RATE_LIMIT_WS_MESSAGES: "5",
  });
  try {
    const result = await runLoad(
      { ...LOAD_DEFAULTS, players: 10, lobbySize: 5, hz: 20, seconds: 1.5 },
      { url: server.url },
    );
    await t.step("sockets refused with 4003 server_full", () => {
      assert.equal(result.connects.connected, 8);
      assert.ok(
        result.problems.some((p) =>
          /only 8 of 10 seated players connected \(2 server_full\)/.test(p) &&
          /MAX_WEBSOCKET_CONNECTIONS/.test(p)
        ),
        result.problems.join("\n"),
      );
    });
    await t.step("messages dropped by the per-socket limit", () => {
      assert.ok(
        result.problems.some((p) => /RATE_LIMIT_WS_MESSAGES above --hz 20/.test(p)),
        result.problems.join("\n"),
      );
    });
    assert.equal(result.verdict, "INVALID");
  } finally {
    await server.close();
  }
});
