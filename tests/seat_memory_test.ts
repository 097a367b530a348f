import assert from "node:assert/strict";
import {
  SEAT_MEMORY_KEY,
  SEAT_MEMORY_LIMITS,
  SeatMemory,
  type StorageLike,
} from "../islands/shared/seat_memory.ts";

const HOUR_MS = 60 * 60 * 1000;

/** A `Storage` in a Map, with a wall clock moved by hand. */
function setup(options: { maxEntries?: number } = {}) {
  const items = new Map<string, string>();
  const storage: StorageLike = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
  const clock = { now: 1_700_000_000_000 };
  const memory = new SeatMemory({ storage: () => storage, now: () => clock.now, ...options });
  return { items, memory, clock };
}

const seat = (n: number) => ({ playerId: `p${n}`, token: `t${n}`, name: `Player ${n}` });

Deno.test("SeatMemory remembers a seat per lobby code with the time it was saved", () => {
  const { memory, clock } = setup();
  memory.remember("K7QX2M", seat(1));
  assert.deepEqual(memory.load("K7QX2M"), { ...seat(1), savedAt: clock.now });
  assert.equal(memory.load("ABC234"), null);
  memory.remember("K7QX2M", seat(2));
  assert.equal(memory.load("K7QX2M")?.playerId, "p2", "a later seat replaces an earlier one");
});

Deno.test("SeatMemory.load() does not return a seat saved more than a day ago", () => {
  const { memory, clock } = setup();
  memory.remember("K7QX2M", seat(1));
  clock.now += SEAT_MEMORY_LIMITS.maxAgeMs - 1;
  assert.ok(memory.load("K7QX2M"));
  clock.now += 2;
  assert.equal(memory.load("K7QX2M"), null);
});

Deno.test("SeatMemory keeps at most maxEntries seats, dropping the least recently used", () => {
  const { memory, clock, items } = setup({ maxEntries: 3 });
  for (let n = 1; n <= 5; n++) {
    memory.remember(`CODE${n}`, seat(n));
    clock.now += HOUR_MS;
  }
  assert.equal(memory.load("CODE1"), null);
  assert.equal(memory.load("CODE2"), null);
  assert.equal(memory.load("CODE5")?.name, "Player 5");
  assert.equal(Object.keys(JSON.parse(items.get(SEAT_MEMORY_KEY)!)).length, 3);
});

Deno.test("SeatMemory drops expired seats from storage on the next write", () => {
  const { memory, clock, items } = setup();
  memory.remember("OLD234", seat(1));
  clock.now += SEAT_MEMORY_LIMITS.maxAgeMs + 1;
  memory.remember("NEW234", seat(2));
  assert.deepEqual(Object.keys(JSON.parse(items.get(SEAT_MEMORY_KEY)!)), ["NEW234"]);
});

Deno.test("SeatMemory.forget() with a player id leaves another player's seat alone", () => {
  const { memory, items } = setup();
  memory.remember("K7QX2M", seat(1));
  memory.forget("K7QX2M", "p2");
  assert.ok(memory.load("K7QX2M"));
  memory.forget("K7QX2M", "p1");
  assert.equal(memory.load("K7QX2M"), null);
  assert.equal(items.has(SEAT_MEMORY_KEY), false, "an empty memory leaves no entry behind");
});

Deno.test("SeatMemory treats corrupt or unavailable storage as empty and never throws", () => {
  const { memory, items } = setup();
  items.set(SEAT_MEMORY_KEY, "{not json");
  assert.equal(memory.load("K7QX2M"), null);
  items.set(SEAT_MEMORY_KEY, JSON.stringify({ K7QX2M: { playerId: 1 }, ABC234: "x" }));
  assert.equal(memory.load("K7QX2M"), null);
  memory.remember("K7QX2M", seat(1));
  assert.equal(memory.load("K7QX2M")?.token, "t1", "a corrupt entry is replaced");

  const broken = new SeatMemory({
    storage: () => {
      throw new DOMException("denied", "SecurityError");
    },
    now: () => 0,
  });
  assert.equal(broken.load("K7QX2M"), null);
  broken.remember("K7QX2M", seat(1));
  broken.forget("K7QX2M");
});
