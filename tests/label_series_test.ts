import assert from "node:assert/strict";
import { DEFAULT_MAX_SERIES, LabelSeries, OVERFLOW_LABEL_VALUE } from "../lib/label_series.ts";

function counterSeries(maxSeries?: number) {
  return new LabelSeries("t", { labelNames: ["ip", "route"], maxSeries }, () => ({ n: 0 }));
}

Deno.test("LabelSeries keeps one state per label combination", () => {
  const series = counterSeries();
  series.getOrCreate({ ip: "a", route: "/x" }).n++;
  series.getOrCreate({ route: "/x", ip: "a" }).n++;
  series.getOrCreate({ ip: "b", route: "/x" }).n++;
  assert.equal(series.size, 2);
  assert.deepEqual(series.get({ ip: "a", route: "/x" }), { n: 2 });
  assert.equal(series.get({ ip: "c", route: "/x" }), undefined, "get() does not create");
  assert.equal(series.size, 2);
});

Deno.test("LabelSeries folds combinations past maxSeries into one 'other' series", () => {
  const series = counterSeries(10);
  for (let i = 0; i < 10_000; i++) series.getOrCreate({ ip: `10.0.${i >> 8}.${i & 255}` }).n++;
  assert.equal(series.size, 11);
  const other = { ip: OVERFLOW_LABEL_VALUE, route: OVERFLOW_LABEL_VALUE };
  assert.deepEqual(series.get(other), { n: 9_990 });
  assert.deepEqual(series.get({ ip: "never-seen" }), { n: 9_990 }, "reads where it would count");
  assert.deepEqual(series.map((labels) => labels).at(-1), other);
});

Deno.test("LabelSeries tells label values apart even when they contain separators", () => {
  const series = counterSeries();
  series.getOrCreate({ ip: 'a","b', route: "" }).n++;
  series.getOrCreate({ ip: "a", route: 'b"' }).n++;
  assert.equal(series.size, 2);
});

Deno.test("LabelSeries checks label names, values and maxSeries", () => {
  assert.equal(DEFAULT_MAX_SERIES, 100);
  assert.throws(() => counterSeries().getOrCreate({ port: "1" }), TypeError);
  const notString = { ip: 1 } as unknown as Record<string, string>;
  assert.throws(() => counterSeries().getOrCreate(notString), TypeError);
  assert.throws(() => counterSeries(0), RangeError);
  assert.throws(() => counterSeries(1.5), RangeError);
  assert.throws(() => new LabelSeries("t", { labelNames: ["__x"] }, () => 0), TypeError);
  assert.throws(() => new LabelSeries("t", { labelNames: ["a", "a"] }, () => 0), TypeError);
});

Deno.test("LabelSeries.map() hands out copies the caller cannot use to change it", () => {
  const series = counterSeries();
  series.getOrCreate({ ip: "a" });
  const [labels] = series.map((l) => l) as Array<Record<string, string>>;
  labels!.ip = "changed";
  assert.deepEqual(series.map((l) => l), [{ ip: "a", route: "" }]);
});
