import assert from "node:assert/strict";
import { BACKOFF_DEFAULTS, backoffDelayMs } from "../lib/backoff.ts";

const always = (value: number) => () => value;

Deno.test("backoffDelayMs() doubles the jitter window with each attempt", () => {
  const top = always(0.999_999);
  assert.equal(backoffDelayMs(0, { baseMs: 100, maxMs: 10_000, random: top }), 100);
  assert.equal(backoffDelayMs(1, { baseMs: 100, maxMs: 10_000, random: top }), 200);
  assert.equal(backoffDelayMs(2, { baseMs: 100, maxMs: 10_000, random: top }), 400);
  assert.equal(backoffDelayMs(5, { baseMs: 100, maxMs: 10_000, random: top }), 3_200);
});

Deno.test("backoffDelayMs() never waits longer than maxMs without a retryAfterMs", () => {
  assert.equal(backoffDelayMs(20, { baseMs: 100, maxMs: 5_000, random: always(0.999_999) }), 5_000);
  assert.equal(backoffDelayMs(1_000, { random: always(0.5) }), BACKOFF_DEFAULTS.maxMs / 2);
});

Deno.test("backoffDelayMs() uses full jitter: anything from zero to the window", () => {
  assert.equal(backoffDelayMs(3, { baseMs: 100, random: always(0) }), 0);
  assert.equal(backoffDelayMs(3, { baseMs: 100, random: always(0.25) }), 200);
  for (let i = 0; i < 200; i++) {
    const delay = backoffDelayMs(2, { baseMs: 100, maxMs: 1_000 });
    assert.ok(delay >= 0 && delay <= 400, `delay ${delay} out of [0, 400]`);
  }
});

Deno.test("backoffDelayMs() never retries sooner than the server's retryAfterMs", async (t) => {
  await t.step("the floor holds even when the jitter is zero", () => {
    assert.equal(backoffDelayMs(0, { retryAfterMs: 5_000, random: always(0) }), 5_000);
  });
  await t.step("jitter is added above the floor to spread the crowd", () => {
    const delay = backoffDelayMs(1, { baseMs: 1_000, retryAfterMs: 5_000, random: always(0.5) });
    assert.equal(delay, 6_000);
  });
  await t.step("a retryAfterMs above maxMs is still honoured", () => {
    const delay = backoffDelayMs(0, { maxMs: 1_000, retryAfterMs: 60_000, random: always(0) });
    assert.equal(delay, 60_000);
  });
  await t.step("a missing, negative or non-finite retryAfterMs is ignored", () => {
    for (const retryAfterMs of [undefined, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(backoffDelayMs(0, { baseMs: 100, retryAfterMs, random: always(0.5) }), 50);
    }
  });
});

Deno.test("backoffDelayMs() survives a faulty random source", () => {
  assert.equal(backoffDelayMs(0, { baseMs: 100, random: always(-1) }), 0);
  assert.equal(backoffDelayMs(0, { baseMs: 100, random: always(Number.NaN) }), 0);
  assert.equal(backoffDelayMs(0, { baseMs: 100, random: always(7) }), 100);
});

Deno.test("backoffDelayMs() rejects attempts that are not whole numbers >= 0", () => {
  for (const attempt of [-1, 0.5, Number.NaN]) {
    assert.throws(() => backoffDelayMs(attempt), RangeError);
  }
  assert.throws(() => backoffDelayMs(0, { baseMs: -1 }), RangeError);
});
