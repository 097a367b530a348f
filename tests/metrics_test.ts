import assert from "node:assert/strict";
import {
  Counter,
  Gauge,
  Histogram,
  type MetricFamily,
  MetricsRegistry,
  OVERFLOW_LABEL_VALUE,
} from "../lib/metrics.ts";

function samplesOf(family: MetricFamily): Array<{ labels: unknown; value: number }> {
  assert.notEqual(family.type, "histogram");
  return family.type === "histogram" ? [] : family.samples;
}

Deno.test("Counter.inc() adds to the series of its labels and get() reads it back", () => {
  const c = new Counter("joins_total", "Joins.", { labelNames: ["result"] });
  c.inc({ result: "ok" });
  c.inc({ result: "ok" }, 2);
  c.inc({ result: "full" });
  assert.equal(c.get({ result: "ok" }), 3);
  assert.equal(c.get({ result: "full" }), 1);
  assert.equal(c.get({ result: "never" }), 0);
  assert.deepEqual(samplesOf(c.collect()), [
    { labels: { result: "ok" }, value: 3 },
    { labels: { result: "full" }, value: 1 },
  ]);
});

Deno.test("Counter.inc() refuses to go down or by a non-finite amount", () => {
  const c = new Counter("c_total", "C.");
  assert.throws(() => c.inc(undefined, -1), RangeError);
  assert.throws(() => c.inc(undefined, NaN), RangeError);
  assert.throws(() => c.inc(undefined, Infinity), RangeError);
  assert.equal(c.get(), 0);
});

Deno.test("an unlabelled metric is collected at zero before it is ever used", () => {
  const c = new Counter("c_total", "C.");
  assert.deepEqual(samplesOf(c.collect()), [{ labels: {}, value: 0 }]);
  const labelled = new Counter("l_total", "L.", { labelNames: ["a"] });
  assert.deepEqual(samplesOf(labelled.collect()), []);
});

Deno.test("labels outside labelNames are a TypeError; missing ones are empty", () => {
  const c = new Counter("c_total", "C.", { labelNames: ["a", "b"] });
  assert.throws(() => c.inc({ z: "1" }), TypeError);
  assert.throws(() => new Counter("d_total", "D.").inc({ a: "1" }), TypeError);
  c.inc({ b: "x" });
  assert.deepEqual(samplesOf(c.collect()), [{ labels: { a: "", b: "x" }, value: 1 }]);
});

Deno.test("a metric keeps at most maxSeries label sets and folds the rest into 'other'", () => {
  const c = new Counter("by_ip_total", "Requests by IP.", { labelNames: ["ip"], maxSeries: 3 });
  for (let i = 0; i < 1000; i++) c.inc({ ip: `10.0.0.${i}` });
  const samples = samplesOf(c.collect());
  assert.equal(samples.length, 4);
  assert.deepEqual(samples.at(-1), { labels: { ip: OVERFLOW_LABEL_VALUE }, value: 997 });
  // A known series still counts by itself; an unknown one reads where it would be counted.
  c.inc({ ip: "10.0.0.0" });
  assert.equal(c.get({ ip: "10.0.0.0" }), 2);
  assert.equal(c.get({ ip: "192.168.1.1" }), 997);
});

Deno.test("invalid names, label names and maxSeries are refused at creation", () => {
  const registry = new MetricsRegistry();
  for (const bad of ["", "1abc", "has-dash", "sp ace", "é"]) {
    assert.throws(() => registry.counter(bad, "x"), TypeError, bad);
  }
  registry.counter("ok:name_1", "x");
  assert.throws(() => registry.gauge("g", "x", { labelNames: ["__reserved"] }), TypeError);
  assert.throws(() => registry.gauge("g", "x", { labelNames: ["a:b"] }), TypeError);
  assert.throws(() => registry.gauge("g", "x", { labelNames: ["a", "a"] }), TypeError);
  assert.throws(() => registry.gauge("g", "x", { maxSeries: 0 }), RangeError);
});

Deno.test("MetricsRegistry refuses a name twice, including a histogram's derived names", () => {
  const registry = new MetricsRegistry();
  registry.counter("a_total", "A.");
  assert.throws(() => registry.gauge("a_total", "again"), TypeError);
  registry.histogram("lat", "Latency.", { buckets: [1] });
  assert.throws(() => registry.counter("lat_count", "clash"), TypeError);
  registry.counter("q_sum", "Q.");
  assert.throws(() => registry.histogram("q", "Q.", { buckets: [1] }), TypeError);
  registry.histogram("a", "A.", { buckets: [1] });
});

Deno.test("Gauge.set(), inc() and dec() move the value both ways", () => {
  const g = new Gauge("open", "Open sockets.", { labelNames: ["kind"] });
  g.inc({ kind: "ws" });
  g.inc({ kind: "ws" }, 4);
  g.dec({ kind: "ws" });
  assert.equal(g.get({ kind: "ws" }), 4);
  g.set(-2.5, { kind: "ws" });
  assert.equal(g.get({ kind: "ws" }), -2.5);
});

Deno.test("a computed gauge reads its collect function at collect time", async (t) => {
  let size = 3;
  const registry = new MetricsRegistry();
  const g = registry.gauge("lobbies", "Lobbies.", { collect: () => size });

  await t.step("a number becomes one unlabelled sample", () => {
    size = 5;
    assert.deepEqual(samplesOf(registry.collect()[0]!), [{ labels: {}, value: 5 }]);
    assert.equal(g.get(), 5);
  });

  await t.step("it cannot be set by hand", () => {
    assert.throws(() => g.set(1), TypeError);
    assert.throws(() => g.inc(), TypeError);
  });

  await t.step("samples are bounded like recorded ones, the overflow summed", () => {
    const byRegion = registry.gauge("players", "Players by region.", {
      labelNames: ["region"],
      maxSeries: 2,
      collect: () => ["eu", "us", "ap", "sa"].map((region) => ({ labels: { region }, value: 1 })),
    });
    assert.deepEqual(samplesOf(byRegion.collect()), [
      { labels: { region: "eu" }, value: 1 },
      { labels: { region: "us" }, value: 1 },
      { labels: { region: "other" }, value: 2 },
    ]);
    assert.equal(byRegion.get({ region: "us" }), 1);
  });
});

Deno.test("Histogram.observe() fills cumulative buckets, sum and count", () => {
  const h = new Histogram("tick_seconds", "Tick.", { buckets: [0.01, 0.1, 1], labelNames: ["k"] });
  for (const v of [0.005, 0.01, 0.05, 0.5, 5, Infinity]) h.observe(v, { k: "a" });
  const family = h.collect();
  assert.equal(family.type, "histogram");
  if (family.type !== "histogram") return;
  assert.deepEqual(family.buckets, [0.01, 0.1, 1]);
  assert.equal(family.samples.length, 1);
  const s = family.samples[0]!;
  assert.deepEqual(s.labels, { k: "a" });
  assert.deepEqual(s.bucketCounts, [2, 3, 4, 6]);
  assert.equal(s.count, 6);
  assert.equal(s.sum, Infinity);
});

Deno.test("Histogram refuses bad buckets, the 'le' label and NaN", () => {
  assert.throws(() => new Histogram("h", "H.", { buckets: [] }), RangeError);
  assert.throws(() => new Histogram("h", "H.", { buckets: [1, 1] }), RangeError);
  assert.throws(() => new Histogram("h", "H.", { buckets: [2, 1] }), RangeError);
  assert.throws(() => new Histogram("h", "H.", { buckets: [NaN] }), RangeError);
  assert.throws(() => new Histogram("h", "H.", { buckets: [1], labelNames: ["le"] }), TypeError);
  assert.throws(() => new Histogram("h", "H.", { buckets: [1] }).observe(NaN), RangeError);
  // A trailing +Inf is the implicit last bucket, so it is accepted and dropped.
  assert.deepEqual(new Histogram("h", "H.", { buckets: [1, Infinity] }).buckets, [1]);
});

Deno.test("MetricsRegistry.collect() returns independent snapshots in registration order", () => {
  const registry = new MetricsRegistry();
  const c = registry.counter("b_total", "B.");
  registry.gauge("a", "A.");
  const before = registry.collect();
  c.inc();
  assert.deepEqual(before.map((f) => f.name), ["b_total", "a"]);
  assert.equal(samplesOf(before[0]!)[0]!.value, 0);
  assert.equal(samplesOf(registry.collect()[0]!)[0]!.value, 1);
});

Deno.test("MetricsRegistry.describe() lists metrics without running collect functions", () => {
  const registry = new MetricsRegistry();
  registry.counter("a_total", "A.");
  registry.gauge("b", "B.", {
    collect: () => {
      throw new Error("must not run");
    },
  });
  registry.histogram("c", "C.", { buckets: [1] });
  assert.deepEqual(registry.describe(), [
    { name: "a_total", help: "A.", type: "counter" },
    { name: "b", help: "B.", type: "gauge" },
    { name: "c", help: "C.", type: "histogram" },
  ]);
});
