import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { SeatKeeper } from "../lib/seat_keeper.ts";

function keeper() {
  const clock = new FakeClock(1_000);
  return { clock, seats: new SeatKeeper({ clock, graceMs: 10_000, claimMs: 30_000 }) };
}

Deno.test("SeatKeeper keeps an away seat for the grace period and an unclaimed one for the claim wait", () => {
  const { clock, seats } = keeper();
  seats.dropped("AAAAAA", "away");
  seats.handedOut("AAAAAA", "new");
  assert.deepEqual(seats.awayIn("AAAAAA"), ["away"], "only the dropped one is away");
  assert.deepEqual(seats.takeDue(clock.now() + 9_999), { away: [], unclaimed: [] });
  assert.deepEqual(seats.takeDue(clock.now() + 10_000), {
    away: [{ code: "AAAAAA", playerId: "away" }],
    unclaimed: [],
  });
  assert.deepEqual(seats.takeDue(clock.now() + 30_000), {
    away: [],
    unclaimed: [{ code: "AAAAAA", playerId: "new" }],
  });
  assert.equal(seats.isWaitingFor("AAAAAA", "new"), false, "taken out once due");
});

Deno.test("SeatKeeper.arrived() ends either wait and says whether the player had been away", () => {
  const { seats } = keeper();
  seats.dropped("AAAAAA", "back");
  seats.handedOut("AAAAAA", "first");
  assert.equal(seats.arrived("AAAAAA", "back"), true);
  assert.equal(seats.arrived("AAAAAA", "first"), false, "never away, so no one is told");
  assert.equal(seats.isWaitingFor("AAAAAA", "first"), false);
  assert.equal(seats.awayCount, 0);
});

Deno.test("SeatKeeper.holdFor() pushes out either kind of wait, never pulls one in", () => {
  const { clock, seats } = keeper();
  seats.handedOut("AAAAAA", "refused");
  seats.dropped("AAAAAA", "refused-again");
  clock.advance(5_000);
  seats.holdFor("AAAAAA", "refused", 50_000);
  seats.holdFor("AAAAAA", "refused-again", 50_000);
  seats.holdFor("AAAAAA", "nobody", 50_000); // nothing kept for it, nothing made up
  assert.equal(seats.isWaitingFor("AAAAAA", "nobody"), false);
  assert.deepEqual(seats.takeDue(clock.now() + 49_999), { away: [], unclaimed: [] });
  const due = seats.takeDue(clock.now() + 50_000);
  assert.equal(due.away.length + due.unclaimed.length, 2);

  seats.dropped("BBBBBB", "p");
  seats.holdFor("BBBBBB", "p", 1);
  assert.deepEqual(seats.takeDue(clock.now() + 9_999).away, [], "a shorter hold changes nothing");
});

Deno.test("SeatKeeper.adoptAbsent() makes everyone but the present and the already-waited-for away", () => {
  const { clock, seats } = keeper();
  seats.handedOut("AAAAAA", "fresh");
  seats.adoptAbsent("AAAAAA", ["here", "gone", "fresh"], "here");
  assert.deepEqual(seats.awayIn("AAAAAA"), ["gone"]);
  // A lobby reconnecting after a restart gets the longer of the two waits.
  assert.deepEqual(seats.takeDue(clock.now() + 29_999).away, []);
  assert.deepEqual(seats.takeDue(clock.now() + 30_000).away, [{
    code: "AAAAAA",
    playerId: "gone",
  }]);
});

Deno.test("SeatKeeper.forget() drops a seat from both waits", () => {
  const { clock, seats } = keeper();
  seats.dropped("AAAAAA", "p");
  seats.handedOut("AAAAAA", "q");
  seats.forget("AAAAAA", "p");
  seats.forget("AAAAAA", "q");
  assert.deepEqual(seats.takeDue(clock.now() + 60_000), { away: [], unclaimed: [] });
});
