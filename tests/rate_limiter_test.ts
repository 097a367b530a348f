import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { RateLimiter } from "../lib/rate_limiter.ts";

function limiterWith(limit: number, windowMs: number, maxKeys = 1000) {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ limit, windowMs, maxKeys, clock });
  return { clock, limiter };
}

Deno.test("RateLimiter rejects limits it cannot honour", async (t) => {
  const clock = new FakeClock();
  for (
    const [name, options] of [
      ["limit 0", { limit: 0, windowMs: 1000, maxKeys: 10 }],
      ["fractional limit", { limit: 1.5, windowMs: 1000, maxKeys: 10 }],
      ["windowMs 0", { limit: 1, windowMs: 0, maxKeys: 10 }],
      ["infinite windowMs", { limit: 1, windowMs: Infinity, maxKeys: 10 }],
      ["maxKeys 0", { limit: 1, windowMs: 1000, maxKeys: 0 }],
    ] as const
  ) {
    await t.step(name, () => {
      assert.throws(() => new RateLimiter({ ...options, clock }), RangeError);
    });
  }
});

Deno.test("RateLimiter allows exactly `limit` requests, then denies with retryAfterMs", () => {
  const { limiter } = limiterWith(5, 60_000);
  for (let i = 0; i < 5; i++) assert.equal(limiter.check("a").allowed, true, `request ${i + 1}`);
  assert.deepEqual(limiter.check("a"), {
    allowed: false,
    limit: 5,
    remaining: 0,
    resetMs: 60_000,
    retryAfterMs: 12_000,
  });
  assert.equal(limiter.check("a").allowed, false, "a denied request does not use anything up");
});

Deno.test("RateLimiter counts remaining down and reports resetMs", () => {
  const { limiter } = limiterWith(5, 60_000);
  assert.deepEqual(limiter.peek("a"), {
    allowed: true,
    limit: 5,
    remaining: 5,
    resetMs: 0,
    retryAfterMs: 0,
  });
  const seen = [1, 2, 3, 4, 5].map(() => limiter.check("a"));
  assert.deepEqual(seen.map((r) => r.remaining), [4, 3, 2, 1, 0]);
  assert.deepEqual(seen.map((r) => r.resetMs), [12_000, 24_000, 36_000, 48_000, 60_000]);
  assert.ok(seen.every((r) => r.retryAfterMs === 0));
});

Deno.test("RateLimiter replenishes one request every windowMs / limit", async (t) => {
  for (const [limit, windowMs] of [[5, 60_000], [3, 1000], [7, 60_000]] as const) {
    await t.step(`${limit} per ${windowMs} ms`, () => {
      const { clock, limiter } = limiterWith(limit, windowMs);
      for (let i = 0; i < limit; i++) limiter.check("a");
      const interval = windowMs / limit;
      for (let round = 0; round < 3 * limit; round++) {
        const denied = limiter.check("a");
        assert.equal(denied.allowed, false);
        assert.ok(Math.abs(denied.retryAfterMs - interval) < 1e-6);
        clock.advance(interval - 1);
        assert.equal(limiter.peek("a").allowed, false, "1 ms early is still too early");
        clock.advance(1);
        assert.equal(limiter.peek("a").remaining, 1);
        assert.equal(limiter.check("a").allowed, true, `round ${round}`);
      }
    });
  }
});

Deno.test("RateLimiter.peek() does not use anything up", () => {
  const { limiter } = limiterWith(2, 1000);
  for (let i = 0; i < 10; i++) limiter.peek("a");
  assert.equal(limiter.size, 0, "peeking at an unknown key stores nothing");
  limiter.check("a");
  limiter.check("a");
  const peeked = limiter.peek("a");
  assert.equal(peeked.allowed, false);
  assert.equal(peeked.retryAfterMs, 500);
});

Deno.test("RateLimiter keys are independent", () => {
  const { limiter } = limiterWith(2, 1000);
  limiter.check("a");
  limiter.check("a");
  assert.equal(limiter.check("a").allowed, false);
  assert.equal(limiter.check("b").allowed, true);
  assert.equal(limiter.check("b").remaining, 0);
  assert.equal(limiter.check("c").remaining, 1);
});

Deno.test("RateLimiter forgets idle keys, so size shrinks back to 0", async (t) => {
  await t.step("sweep() drops a key once it is fully replenished", () => {
    const { clock, limiter } = limiterWith(5, 60_000);
    for (let i = 0; i < 100; i++) limiter.check(`k${i}`);
    assert.equal(limiter.size, 100);
    clock.advance(11_999);
    assert.equal(limiter.sweep(), 0, "one request is not replenished before windowMs / limit");
    clock.advance(1);
    assert.equal(limiter.sweep(), 100);
    assert.equal(limiter.size, 0);
  });
  await t.step("a fully used key is idle after the whole window", () => {
    const { clock, limiter } = limiterWith(5, 60_000);
    for (let i = 0; i < 6; i++) limiter.check("a");
    clock.advance(59_999);
    assert.equal(limiter.sweep(), 0);
    clock.advance(1);
    assert.equal(limiter.sweep(), 1);
  });
  await t.step("later calls forget idle keys without sweep()", () => {
    const { clock, limiter } = limiterWith(5, 60_000);
    for (let i = 0; i < 100; i++) limiter.check(`k${i}`);
    clock.advance(60_000);
    for (let i = 0; i < 60; i++) limiter.check("busy");
    assert.equal(limiter.size, 1, "only the key still in use is remembered");
    assert.equal(limiter.evictions, 0);
  });
  await t.step("idle keys behind a busy one make room before the busy one is evicted", () => {
    const { clock, limiter } = limiterWith(5, 60_000, 10);
    for (let i = 0; i < 5; i++) limiter.check("busy");
    for (let i = 0; i < 9; i++) limiter.check(`idle${i}`);
    clock.advance(12_000);
    limiter.check("new");
    assert.equal(limiter.evictions, 0);
    assert.equal(limiter.size, 2);
    assert.equal(limiter.peek("busy").remaining, 1, "the busy key is still limited");
  });
});

Deno.test("RateLimiter never exceeds maxKeys under 100,000 distinct keys", async (t) => {
  await t.step("all at one instant: the least recently seen are evicted", () => {
    const { limiter } = limiterWith(5, 60_000, 1000);
    for (let i = 0; i < 100_000; i++) {
      limiter.check(`k${i}`);
      assert.ok(limiter.size <= 1000);
      if (i % 100 === 0) limiter.check("regular");
    }
    assert.equal(limiter.size, 1000);
    assert.ok(limiter.evictions >= 99_000);
    assert.equal(limiter.peek("regular").allowed, false, "a recently seen key is remembered");
  });
  await t.step("spread over time: idle keys make room before anything is evicted", () => {
    const { clock, limiter } = limiterWith(5, 60_000, 1000);
    for (let i = 0; i < 100_000; i++) {
      limiter.check(`k${i}`);
      assert.ok(limiter.size <= 1000);
      clock.advance(100);
    }
    assert.equal(limiter.evictions, 0);
  });
});
