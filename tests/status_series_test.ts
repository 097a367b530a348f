import assert from "node:assert/strict";
import {
  chartScale,
  counterRate,
  linePath,
  niceCeil,
  RingBuffer,
  scaleY,
} from "../lib/status_series.ts";

const reading = (atMs: number, value: number) => ({ atMs, value });

Deno.test("RingBuffer keeps the newest values, oldest first, up to its capacity", () => {
  const ring = new RingBuffer<number>(3);
  assert.deepEqual(ring.toArray(), []);
  assert.equal(ring.at(-1), undefined);
  ring.push(1);
  ring.push(2);
  assert.deepEqual(ring.toArray(), [1, 2]);
  for (let i = 3; i <= 10; i++) ring.push(i);
  assert.equal(ring.size, 3);
  assert.deepEqual(ring.toArray(), [8, 9, 10]);
  assert.equal(ring.at(0), 8);
  assert.equal(ring.at(-1), 10);
  assert.equal(ring.at(-2), 9);
  assert.equal(ring.at(3), undefined);
  assert.equal(ring.at(-4), undefined);
});

Deno.test("RingBuffer.clear() empties it and it fills again from the start", () => {
  const ring = new RingBuffer<string>(2);
  ring.push("a");
  ring.push("b");
  ring.push("c");
  ring.clear();
  assert.equal(ring.size, 0);
  ring.push("d");
  assert.deepEqual(ring.toArray(), ["d"]);
});

Deno.test("RingBuffer refuses a capacity that is not a whole number >= 1", () => {
  for (const capacity of [0, -1, 1.5, NaN, Infinity]) {
    assert.throws(() => new RingBuffer(capacity), RangeError, String(capacity));
  }
});

Deno.test("counterRate() is the increase per second between two polls", () => {
  assert.equal(counterRate(reading(1_000, 10), reading(3_000, 30)), 10);
  assert.equal(counterRate(reading(0, 7), reading(500, 7)), 0);
  assert.equal(counterRate(reading(0, 0), reading(250, 1)), 4);
});

Deno.test("counterRate() has no rate for the first sample or when time did not move", async (t) => {
  await t.step("no previous reading", () => {
    assert.equal(counterRate(undefined, reading(2_000, 50)), null);
  });
  await t.step("the same time twice, or time going backwards", () => {
    assert.equal(counterRate(reading(2_000, 10), reading(2_000, 20)), null);
    assert.equal(counterRate(reading(3_000, 10), reading(2_000, 20)), null);
  });
  await t.step("a value that is not a finite number", () => {
    assert.equal(counterRate(reading(0, NaN), reading(1_000, 20)), null);
    assert.equal(counterRate(reading(0, 1), reading(1_000, Infinity)), null);
  });
});

Deno.test("counterRate() counts a reset counter's new value as its whole increase", () => {
  // The server restarted between polls: 500 -> 40 means 40 since the restart, not -460.
  assert.equal(counterRate(reading(0, 500), reading(2_000, 40)), 20);
  assert.equal(counterRate(reading(0, 500), reading(2_000, 0)), 0);
});

Deno.test("chartScale() spans the values and every included value, skipping gaps", () => {
  assert.deepEqual(chartScale([3, null, 7, 5]), { min: 3, max: 7 });
  assert.deepEqual(chartScale([3, 7], { include: [0] }), { min: 0, max: 7 });
  assert.deepEqual(chartScale([3, 7], { include: [0, 500] }), { min: 0, max: 500 });
  assert.deepEqual(chartScale([-2, 1], { include: [0] }), { min: -2, max: 1 });
  assert.deepEqual(chartScale([NaN, Infinity, 4, 6]), { min: 4, max: 6 });
});

Deno.test("chartScale() gives a flat series at least minSpan of room", async (t) => {
  await t.step("upwards from an included bottom", () => {
    assert.deepEqual(chartScale([0, 0, 0], { include: [0] }), { min: 0, max: 1 });
    assert.deepEqual(chartScale([0, 0.5], { include: [0], minSpan: 5 }), { min: 0, max: 5 });
  });
  await t.step("evenly around the values otherwise", () => {
    assert.deepEqual(chartScale([48, 48], { minSpan: 4 }), { min: 46, max: 50 });
  });
  await t.step("nothing to show at all", () => {
    assert.deepEqual(chartScale([]), { min: 0, max: 1 });
    assert.deepEqual(chartScale([null, null], { minSpan: 10 }), { min: 0, max: 10 });
  });
  await t.step("a minSpan that is not positive is refused", () => {
    assert.throws(() => chartScale([1], { minSpan: 0 }), RangeError);
  });
});

Deno.test("chartScale() with nice rounds the top up to 1, 2 or 5 times a power of ten", () => {
  assert.deepEqual(chartScale([0, 37.3], { nice: true }), { min: 0, max: 50 });
  assert.deepEqual(chartScale([0, 120], { nice: true }), { min: 0, max: 200 });
  assert.deepEqual(chartScale([0, 0.3], { include: [0], minSpan: 0.1, nice: true }), {
    min: 0,
    max: 0.5,
  });
  assert.deepEqual(chartScale([10, 12], { nice: true }), { min: 10, max: 12 });
});

Deno.test("niceCeil() picks the next 1-2-5 step and leaves exact steps alone", () => {
  assert.equal(niceCeil(1), 1);
  assert.equal(niceCeil(1.01), 2);
  assert.equal(niceCeil(3), 5);
  assert.equal(niceCeil(7), 10);
  assert.equal(niceCeil(500), 500);
  assert.equal(niceCeil(501), 1_000);
  assert.equal(niceCeil(0.3), 0.5);
  assert.equal(niceCeil(0.2), 0.2);
  assert.equal(niceCeil(0), 0);
});

Deno.test("scaleY() maps the range onto the box, top is max, and clamps outside values", () => {
  const scale = { min: 0, max: 100 };
  assert.equal(scaleY(0, scale, 50), 50);
  assert.equal(scaleY(100, scale, 50), 0);
  assert.equal(scaleY(25, scale, 50), 37.5);
  assert.equal(scaleY(-10, scale, 50), 50);
  assert.equal(scaleY(1_000, scale, 50), 0);
  assert.equal(scaleY(5, { min: 5, max: 5 }, 50), 50, "an empty range draws at the bottom");
});

Deno.test("linePath() draws the points across the time window", () => {
  const frame = { fromMs: 0, toMs: 4_000, width: 100, height: 10, scale: { min: 0, max: 10 } };
  const points = [{ atMs: 0, value: 0 }, { atMs: 2_000, value: 5 }, { atMs: 4_000, value: 10 }];
  assert.equal(linePath(points, frame), "M0 10L50 5L100 0");
  assert.equal(linePath([], frame), "");
});

Deno.test("linePath() breaks the line at gaps", async (t) => {
  const frame = { fromMs: 0, toMs: 10_000, width: 100, height: 10, scale: { min: 0, max: 10 } };
  await t.step("a null value (no rate for that sample)", () => {
    const points = [
      { atMs: 0, value: 1 },
      { atMs: 2_000, value: null },
      { atMs: 4_000, value: 2 },
      { atMs: 6_000, value: 3 },
    ];
    assert.equal(linePath(points, frame), "M0 9h0M40 8L60 7");
  });
  await t.step("points further apart than maxGapMs (missed polls)", () => {
    const points = [{ atMs: 0, value: 1 }, { atMs: 2_000, value: 1 }, { atMs: 9_000, value: 1 }];
    assert.equal(linePath(points, { ...frame, maxGapMs: 5_000 }), "M0 9L20 9M90 9h0");
  });
});

Deno.test("linePath() draws a lone point as a zero-length segment, rounded to a tenth", () => {
  const frame = { fromMs: 0, toMs: 3_000, width: 100, height: 10, scale: { min: 0, max: 3 } };
  assert.equal(linePath([{ atMs: 1_000, value: 1 }], frame), "M33.3 6.7h0");
});
