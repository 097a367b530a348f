/**
 * The load tester's pure parts: the latency histogram, the move numbers in the coordinates,
 * the send schedule and the delivery bookkeeping.
 */
import assert from "node:assert/strict";
import { DeliveryTracker } from "../tools/load/delivery.ts";
import { LatencyHistogram } from "../tools/load/histogram.ts";
import { SendSchedule } from "../tools/load/schedule.ts";
import { scanPositions } from "../tools/load/positions_scan.ts";
import { decodeSeq, MAX_SEQ, positionMessage } from "../tools/load/seq.ts";
import { parseClientMessage } from "../lib/protocol.ts";

function tracker(players = 3, lobbySize = 3, maxSeqs = 10, deadlineMs = 100) {
  return new DeliveryTracker({ players, lobbySize, maxSeqs, deadlineMs });
}

Deno.test("LatencyHistogram percentiles are the bucket edge at the rank, capped at the max", () => {
  const h = new LatencyHistogram();
  for (let ms = 1; ms <= 100; ms++) h.record(ms);
  assert.equal(h.count, 100);
  assert.equal(h.percentile(50), 50.1);
  assert.equal(h.percentile(90), 90.1);
  assert.equal(h.percentile(99), 99.1);
  assert.equal(h.percentile(100), 100);
  assert.deepEqual(h.summary(), {
    count: 100,
    p50: 50.1,
    p90: 90.1,
    p99: 99.1,
    max: 100,
    mean: 50.5,
  });
});

Deno.test("LatencyHistogram reports zeros when empty and keeps outliers beyond its range", async (t) => {
  await t.step("empty", () => {
    assert.deepEqual(new LatencyHistogram().summary(), {
      count: 0,
      p50: 0,
      p90: 0,
      p99: 0,
      max: 0,
      mean: 0,
    });
  });
  await t.step("one sample far beyond 10 s, one negative", () => {
    const h = new LatencyHistogram();
    h.record(-3);
    h.record(25_000);
    assert.equal(h.percentile(50), 0.1);
    assert.equal(h.percentile(100), 25_000);
    assert.equal(h.summary().max, 25_000);
  });
  await t.step("a percentile outside (0, 100] is a RangeError", () => {
    assert.throws(() => new LatencyHistogram().percentile(0), RangeError);
    assert.throws(() => new LatencyHistogram().percentile(101), RangeError);
  });
});

Deno.test("a move number survives the trip through a valid position message", () => {
  for (const seq of [0, 1, 999, 1000, 1001, 123_456, MAX_SEQ - 1]) {
    const parsed = parseClientMessage(positionMessage(seq));
    assert.ok(parsed.ok, `seq ${seq} makes a valid message`);
    assert.equal(decodeSeq(parsed.message.x, parsed.message.y), seq);
  }
  assert.throws(() => positionMessage(MAX_SEQ), RangeError);
  assert.throws(() => positionMessage(-1), RangeError);
  assert.throws(() => positionMessage(1.5), RangeError);
});

Deno.test("decodeSeq refuses positions that no tester move can have made", () => {
  assert.equal(decodeSeq(1.5, 0), -1);
  assert.equal(decodeSeq(1000, 0), -1);
  assert.equal(decodeSeq(0, 1000), -1);
  assert.equal(decodeSeq("1", 0), -1);
  assert.equal(decodeSeq(undefined, undefined), -1);
});

Deno.test("SendSchedule spreads the players evenly over each period and ends after every send", () => {
  const s = new SendSchedule({ players: 4, hz: 10, seconds: 1 });
  assert.equal(s.perPlayer, 10);
  assert.equal(s.total, 40);
  assert.equal(s.stepMs, 25);
  assert.equal(s.dueBy(-1), 0);
  assert.equal(s.dueBy(0), 1);
  assert.equal(s.dueBy(49), 2);
  assert.equal(s.dueBy(50), 3);
  assert.equal(s.dueBy(60_000), 40);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((g) => s.playerOf(g)), [0, 1, 2, 3, 0, 1]);
  assert.equal(s.dueAt(4), 100, "player 0 sends again one period later");
});

Deno.test("DeliveryTracker counts the moves a later position covers as delivered, once", () => {
  const t = tracker();
  t.recordSend(0, 0, 0);
  t.recordSend(0, 1, 10);
  t.recordSend(0, 2, 20);
  t.onSeen(1, 0, 1, 30); // covers 0 and 1; latency 20
  t.onSeen(1, 0, 1, 31); // nothing new
  t.onSeen(1, 0, 2, 45); // covers 2; latency 25
  t.onSeen(2, 0, 2, 50); // covers 0, 1, 2 for receiver 2; latency 30
  const s = t.summary([true, true, true]);
  assert.equal(s.expected, 6);
  assert.equal(s.delivered, 6);
  assert.equal(s.ratio, 1);
  assert.equal(s.updatesReceived, 4);
  assert.equal(s.staleUpdates, 1);
  assert.equal(s.latencyMs.count, 3);
  assert.equal(s.latencyMs.max, 30);
});

Deno.test("DeliveryTracker counts moves covered after the deadline as late and unseen ones as missed", () => {
  const t = tracker(2, 2, 10, 100);
  t.recordSend(0, 0, 0);
  t.recordSend(0, 1, 150);
  t.recordSend(0, 2, 200);
  t.onSeen(1, 0, 1, 200); // move 0 is 200 ms old: late; move 1 is 50 ms old: delivered
  const s = t.summary([true, true]);
  assert.deepEqual([s.expected, s.delivered, s.late, s.missed], [3, 1, 1, 1]);
  assert.equal(s.ratio, 1 / 3);
});

Deno.test("DeliveryTracker ignores other lobbies, one's own moves and moves never sent", () => {
  const t = tracker(4, 2, 10, 100);
  t.recordSend(0, 0, 0);
  t.onSeen(2, 0, 0, 5); // lobby 1 cannot see lobby 0
  t.onSeen(0, 0, 0, 5); // own echo
  t.onSeen(1, 0, 7, 5); // never sent
  const s = t.summary([true, true, true, true]);
  assert.equal(s.delivered, 0);
  assert.equal(s.staleUpdates, 1, "only the same-lobby update is counted, as stale");
  assert.equal(t.seenBy(2, 0), -1);
});

Deno.test("DeliveryTracker expects moves only between participants, and refuses out-of-order sends", () => {
  const t = tracker(3, 3, 10, 100);
  t.recordSend(0, 0, 0);
  t.recordSend(1, 0, 0);
  assert.equal(t.summary([true, true, false]).expected, 2);
  assert.equal(t.summary([true, false, false]).expected, 0);
  assert.equal(t.summary([true, false, false]).ratio, 1);
  assert.throws(() => t.recordSend(0, 2, 5), RangeError);
});

Deno.test("scanPositions reads what JSON.parse would, on the fast path and on the fallback", async (t) => {
  const collect = (text: string) => {
    const seen: Array<[string, number, number]> = [];
    scanPositions(text, (id, x, y) => seen.push([id, x, y]));
    return seen;
  };
  const cases: Array<[string, string]> = [
    [
      "the server's own shape",
      '{"type":"positions","players":[{"id":"Ab-_1","x":0,"y":999},{"id":"q","x":12,"y":3}]}',
    ],
    ["no players", '{"type":"positions","players":[]}'],
    ["another key order", '{"type":"positions","players":[{"x":5,"y":6,"id":"a"}]}'],
    [
      "fractions and exponents",
      '{"type":"positions","players":[{"id":"a","x":1.5,"y":2},{"id":"b","x":1e2,"y":0}]}',
    ],
    ["an escaped id", '{"type":"positions","players":[{"id":"a\\"b","x":1,"y":2}]}'],
    ["spaces", '{ "type": "positions", "players": [ { "id": "a", "x": 1, "y": 2 } ] }'],
  ];
  for (const [what, text] of cases) {
    await t.step(what, () => {
      const expected = JSON.parse(text).players.map((
        p: { id: string; x: number; y: number },
      ) => [p.id, p.x, p.y]);
      assert.deepEqual(collect(text), expected);
    });
  }
  await t.step("garbage visits nothing", () => {
    assert.deepEqual(collect('{"type":"positions","players":[{"id":"a","x":'), []);
    assert.deepEqual(collect("not json"), []);
  });
});
