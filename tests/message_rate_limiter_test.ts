import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { MessageRateLimiter, type MessageVerdict } from "../lib/message_rate_limiter.ts";

function guardWith(ratePerSecond: number, extra: { invalidBurst?: number } = {}) {
  const clock = new FakeClock();
  const guard = new MessageRateLimiter({ ratePerSecond, clock, ...extra });
  return { clock, guard };
}

/**
 * Sends evenly at `perSecond` for up to `seconds`; returns the time of the first "close" (or
 * null) and how often each verdict came back.
 */
function send(clock: FakeClock, guard: MessageRateLimiter, perSecond: number, seconds: number) {
  const counts: Record<MessageVerdict, number> = {
    allow: 0,
    drop: 0,
    drop_and_notify: 0,
    close: 0,
  };
  const start = clock.now();
  const total = Math.round(perSecond * seconds);
  for (let i = 0; i < total; i++) {
    const verdict = guard.onMessage();
    counts[verdict]++;
    if (verdict === "close") return { closedAfterMs: clock.now() - start, counts };
    clock.advance(1000 / perSecond);
  }
  return { closedAfterMs: null, counts };
}

Deno.test("MessageRateLimiter rejects rates it cannot honour", async (t) => {
  const clock = new FakeClock();
  for (
    const [name, options] of [
      ["ratePerSecond 0", { ratePerSecond: 0 }],
      ["infinite ratePerSecond", { ratePerSecond: Infinity }],
      ["floodSeconds 0", { ratePerSecond: 10, floodSeconds: 0 }],
      ["negative invalidBurst", { ratePerSecond: 10, invalidBurst: -1 }],
      ["negative invalidPerSecond", { ratePerSecond: 10, invalidPerSecond: -1 }],
    ] as const
  ) {
    await t.step(name, () => {
      assert.throws(() => new MessageRateLimiter({ ...options, clock }), RangeError);
    });
  }
});

Deno.test("MessageRateLimiter allows a burst of exactly ratePerSecond, then drops", () => {
  const { clock, guard } = guardWith(60);
  for (let i = 0; i < 60; i++) assert.equal(guard.onMessage(), "allow", `message ${i + 1}`);
  assert.equal(guard.onMessage(), "drop_and_notify");
  assert.equal(guard.onMessage(), "drop");
  clock.advance(10);
  assert.equal(guard.onMessage(), "drop", "0.6 of a token is not enough");
});

Deno.test("MessageRateLimiter notifies at most once a second", () => {
  const { clock, guard } = guardWith(60);
  for (let i = 0; i < 60; i++) guard.onMessage();
  assert.equal(guard.onMessage(), "drop_and_notify");
  clock.advance(999);
  let verdict: MessageVerdict;
  do verdict = guard.onMessage(); while (verdict === "allow");
  assert.equal(verdict, "drop", "still within the second of the last notice");
  clock.advance(1);
  do verdict = guard.onMessage(); while (verdict === "allow");
  assert.equal(verdict, "drop_and_notify", "a second after the last notice");
  assert.equal(guard.onMessage(), "drop");
});

Deno.test("MessageRateLimiter refills one token every 1/ratePerSecond seconds", () => {
  const { clock, guard } = guardWith(10);
  for (let i = 0; i < 10; i++) guard.onMessage();
  for (let i = 0; i < 50; i++) {
    clock.advance(99);
    assert.notEqual(guard.onMessage(), "allow", `at ${i}: 1 ms early`);
    clock.advance(1);
    assert.equal(guard.onMessage(), "allow", `at ${i}`);
  }
});

Deno.test("MessageRateLimiter closes a connection flooding at 3x the rate after about 5 s", async (t) => {
  for (const rate of [10, 60]) {
    await t.step(`at ${rate} per second`, () => {
      const { clock, guard } = guardWith(rate);
      const { closedAfterMs } = send(clock, guard, rate * 3, 10);
      assert.ok(closedAfterMs !== null, "it closes");
      assert.ok(closedAfterMs >= 4000, `not before 4 s (closed after ${closedAfterMs} ms)`);
      assert.ok(closedAfterMs <= 6000, `by 6 s (closed after ${closedAfterMs} ms)`);
      assert.equal(guard.onMessage(), "close", "and stays closed");
    });
  }
});

Deno.test("MessageRateLimiter closes a far heavier flood sooner", () => {
  const { clock, guard } = guardWith(60);
  const { closedAfterMs } = send(clock, guard, 600, 10);
  assert.ok(closedAfterMs !== null && closedAfterMs < 1500, `closed after ${closedAfterMs} ms`);
});

Deno.test("MessageRateLimiter never closes a connection at 2x the rate", () => {
  const { clock, guard } = guardWith(60);
  const { closedAfterMs, counts } = send(clock, guard, 120, 30);
  assert.equal(closedAfterMs, null);
  assert.ok(counts.drop_and_notify <= 30, "about one notice a second");
  assert.ok(Math.abs(counts.allow - 60 * 31) <= 2, `handles the rate (${counts.allow})`);
});

Deno.test("MessageRateLimiter drains the flood level once a flood stops", () => {
  const { clock, guard } = guardWith(60);
  assert.equal(send(clock, guard, 180, 4.5).closedAfterMs, null);
  clock.advance(10_000);
  const { closedAfterMs } = send(clock, guard, 180, 10);
  assert.ok(closedAfterMs !== null && closedAfterMs >= 4000, `closed after ${closedAfterMs} ms`);
});

Deno.test("MessageRateLimiter.onInvalid() closes after invalidBurst in a burst", async (t) => {
  await t.step("the default burst is 20", () => {
    const { guard } = guardWith(60);
    for (let i = 0; i < 20; i++) assert.equal(guard.onInvalid(), false, `invalid ${i + 1}`);
    assert.equal(guard.onInvalid(), true);
  });
  await t.step("one invalid message is forgiven per second", () => {
    const { clock, guard } = guardWith(60, { invalidBurst: 3 });
    for (let i = 0; i < 3; i++) guard.onInvalid();
    for (let i = 0; i < 20; i++) {
      clock.advance(1000);
      assert.equal(guard.onInvalid(), false, `after ${i + 1} s`);
    }
    clock.advance(999);
    assert.equal(guard.onInvalid(), true, "1 ms early");
  });
  await t.step("invalid messages do not use up the message rate", () => {
    const { guard } = guardWith(5);
    for (let i = 0; i < 10; i++) guard.onInvalid();
    assert.equal(guard.onMessage(), "allow");
  });
});
