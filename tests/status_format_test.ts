import assert from "node:assert/strict";
import { formatDuration, formatNumber, formatPercent, formatRate } from "../lib/status_format.ts";

Deno.test("formatDuration() names the two largest units", () => {
  assert.equal(formatDuration(0), "0 s");
  assert.equal(formatDuration(59.9), "59 s");
  assert.equal(formatDuration(60), "1 min 00 s");
  assert.equal(formatDuration(247), "4 min 07 s");
  assert.equal(formatDuration(3_930), "1 h 05 min");
  assert.equal(formatDuration(2 * 86_400 + 4 * 3_600 + 59), "2 d 4 h");
  assert.equal(formatDuration(-1), "–");
  assert.equal(formatDuration(NaN), "–");
});

Deno.test("formatNumber() groups thousands and drops trailing zeros", () => {
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(1_234_567), "1,234,567");
  assert.equal(formatNumber(12_345.678, 1), "12,345.7");
  assert.equal(formatNumber(48.0, 1), "48");
  assert.equal(formatNumber(-1_500.25, 2), "-1,500.25");
  assert.equal(formatNumber(-0.001, 1), "0");
  assert.equal(formatNumber(Infinity), "–");
});

Deno.test("formatRate() shows small rates with more precision than large ones", () => {
  assert.equal(formatRate(0), "0/s");
  assert.equal(formatRate(0.25), "0.25/s");
  assert.equal(formatRate(12.34), "12.3/s");
  assert.equal(formatRate(1_250.4), "1,250/s");
  assert.equal(formatRate(null), "–");
});

Deno.test("formatPercent() turns a ratio into a percentage", () => {
  assert.equal(formatPercent(0), "0%");
  assert.equal(formatPercent(0.875), "87.5%");
  assert.equal(formatPercent(1), "100%");
  assert.equal(formatPercent(NaN), "–");
});
