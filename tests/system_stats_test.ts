import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import {
  denoProcessProbe,
  type ProcessProbe,
  startEventLoopLagMonitor,
  SystemSampler,
} from "../lib/system_stats.ts";

const MIB = 1024 * 1024;

/** A probe whose readings the test sets by hand. */
interface Readings {
  rssBytes: number;
  heapUsedBytes: number;
  cpuMicros: number;
  threads: number | null;
}

function fakeProbe(start: Partial<Readings> = {}) {
  const readings: Readings = { rssBytes: 0, heapUsedBytes: 0, cpuMicros: 0, threads: 4, ...start };
  const probe: ProcessProbe = {
    rssBytes: () => readings.rssBytes,
    heapUsedBytes: () => readings.heapUsedBytes,
    cpuMicros: () => readings.cpuMicros,
    threads: () => readings.threads,
  };
  return { probe, readings };
}

Deno.test("SystemSampler reports CPU over the real interval between two samples", () => {
  const clock = new FakeClock(5_000);
  const { probe, readings } = fakeProbe({ cpuMicros: 9_000_000 });
  const sampler = new SystemSampler({ probe, clock });

  clock.advance(1_000);
  readings.cpuMicros += 250_000;
  sampler.sample();
  assert.equal(sampler.stats().cpu_percent, 25);

  // The next interval is longer than planned (a slow tick): it is divided by the real 2 s.
  clock.advance(2_000);
  readings.cpuMicros += 500_000;
  sampler.sample();
  assert.equal(sampler.stats().cpu_percent, 25);

  // Several busy cores give more than 100 percent.
  clock.advance(1_000);
  readings.cpuMicros += 2_500_000;
  sampler.sample();
  assert.equal(sampler.stats().cpu_percent, 250);
});

Deno.test("SystemSampler's first reading measures from construction, not a meaningless 0", async (t) => {
  await t.step("the first sample() closes an interval begun by the constructor", () => {
    const clock = new FakeClock();
    const { probe, readings } = fakeProbe({ cpuMicros: 123_456_789 });
    const sampler = new SystemSampler({ probe, clock });
    clock.advance(500);
    readings.cpuMicros += 400_000;
    sampler.sample();
    assert.equal(sampler.stats().cpu_percent, 80);
  });

  await t.step("stats() before any sample() measures since construction", () => {
    const clock = new FakeClock();
    const { probe, readings } = fakeProbe();
    const sampler = new SystemSampler({ probe, clock });
    assert.equal(sampler.stats().cpu_percent, 0, "no time has passed yet");
    clock.advance(1_000);
    readings.cpuMicros += 100_000;
    assert.equal(sampler.stats().cpu_percent, 10);
  });

  await t.step("a sample() at the same instant keeps the interval open", () => {
    const clock = new FakeClock();
    const { probe, readings } = fakeProbe();
    const sampler = new SystemSampler({ probe, clock });
    sampler.sample();
    clock.advance(1_000);
    readings.cpuMicros += 300_000;
    sampler.sample();
    assert.equal(sampler.stats().cpu_percent, 30);
  });
});

Deno.test("SystemSampler converts bytes to MiB and uptime to whole seconds", () => {
  const clock = new FakeClock(10_000);
  const { probe } = fakeProbe({ rssBytes: 150 * MIB + MIB / 4, heapUsedBytes: 20 * MIB });
  const sampler = new SystemSampler({ probe, clock, startedAt: 0 });
  clock.advance(2_999);
  const stats = sampler.stats();
  assert.equal(stats.memory_mb, 150.25);
  assert.equal(stats.heap_used_mb, 20);
  assert.equal(stats.uptime_seconds, 12);
  assert.equal(stats.threads, 4);
});

Deno.test("SystemSampler passes a null thread count through", () => {
  const { probe } = fakeProbe({ threads: null });
  const sampler = new SystemSampler({ probe, clock: new FakeClock() });
  assert.equal(sampler.stats().threads, null);
});

Deno.test("SystemSampler keeps the largest recent lag and forgets it after two windows", () => {
  const clock = new FakeClock();
  const { probe } = fakeProbe();
  const sampler = new SystemSampler({ probe, clock, lagWindowMs: 10_000 });
  sampler.recordLag(3);
  sampler.recordLag(120.04);
  sampler.recordLag(7);
  assert.equal(sampler.stats().event_loop_lag_ms, 120);
  clock.advance(10_000);
  sampler.recordLag(2);
  assert.equal(sampler.stats().event_loop_lag_ms, 120, "still shown in the next window");
  clock.advance(10_000);
  assert.equal(sampler.stats().event_loop_lag_ms, 2);
  clock.advance(20_000);
  assert.equal(sampler.stats().event_loop_lag_ms, 0);
});

Deno.test("startEventLoopLagMonitor() records how late its timer fired", async () => {
  const clock = new FakeClock();
  const recorded = Promise.withResolvers<number>();
  const monitor = startEventLoopLagMonitor({ recordLag: (ms) => recorded.resolve(ms) }, clock, 1);
  // The monitor's timer is unref'd, so without a ref'd one the test would end before it fires.
  const keepAlive = setTimeout(() => {}, 10_000);
  // The loop is "blocked" for 50 ms of clock time before the timer gets to run.
  clock.advance(50);
  try {
    assert.equal(await recorded.promise, 49);
  } finally {
    monitor.stop();
    clearTimeout(keepAlive);
  }
});

Deno.test("startEventLoopLagMonitor() refuses a non-positive interval", () => {
  const sampler = { recordLag: () => {} };
  assert.throws(() => startEventLoopLagMonitor(sampler, new FakeClock(), 0), RangeError);
});

Deno.test("denoProcessProbe reads sane figures from this process", () => {
  const rss = denoProcessProbe.rssBytes();
  assert.ok(rss > 1 * MIB && rss < 64 * 1024 * MIB, `rss ${rss}`);
  const heap = denoProcessProbe.heapUsedBytes();
  assert.ok(heap > 0 && heap < rss, `heap ${heap}`);
  const cpu = denoProcessProbe.cpuMicros();
  let spin = 0;
  for (let i = 0; i < 1e6; i++) spin += i;
  assert.ok(spin > 0 && denoProcessProbe.cpuMicros() >= cpu && cpu > 0, `cpu ${cpu}`);

  // Threads come from /proc/self/status, which Deno lets a program read only under --allow-all.
  let readable = false;
  try {
    const read = Deno.permissions.querySync({ name: "read", path: "/proc/self/status" });
    readable = Deno.build.os === "linux" && read.state === "granted" &&
      Deno.readTextFileSync("/proc/self/status") !== "";
  } catch {
    readable = false;
  }
  const threads = denoProcessProbe.threads();
  if (readable) assert.ok(threads !== null && threads >= 1, `threads ${threads}`);
  else assert.equal(threads, null);
});
