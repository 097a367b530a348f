import assert from "node:assert/strict";
import type { BatchObservableResult, Meter, Observable } from "@opentelemetry/api";
import { MetricsRegistry } from "../lib/metrics.ts";
import { exportToOpenTelemetry } from "../lib/otel.ts";

/** A meter that remembers what was created and lets the test run a collection by hand. */
function recordingMeter() {
  const created: Array<{ kind: string; name: string; description?: string }> = [];
  const callbacks = new Set<(result: BatchObservableResult) => void>();
  const instrument = (kind: string) => (name: string, opts?: { description?: string }) => {
    const observable = { name } as unknown as Observable;
    created.push({ kind, name, description: opts?.description });
    return observable;
  };
  const meter = {
    createObservableCounter: instrument("counter"),
    createObservableUpDownCounter: instrument("updown"),
    createObservableGauge: instrument("gauge"),
    addBatchObservableCallback: (cb: (r: BatchObservableResult) => void) => callbacks.add(cb),
    removeBatchObservableCallback: (cb: (r: BatchObservableResult) => void) => callbacks.delete(cb),
  } as unknown as Meter;
  const collect = () => {
    const seen: Array<[string, number, Record<string, unknown> | undefined]> = [];
    const result = {
      observe: (o: Observable, value: number, attrs?: Record<string, unknown>) =>
        seen.push([(o as unknown as { name: string }).name, value, attrs]),
    } as unknown as BatchObservableResult;
    for (const cb of callbacks) cb(result);
    return seen;
  };
  return { meter, created, callbacks, collect };
}

function sampleRegistry(): MetricsRegistry {
  const registry = new MetricsRegistry();
  registry.counter("joins_total", "Joins.", { labelNames: ["result"] }).inc({ result: "ok" }, 2);
  registry.gauge("ws:open", "Open sockets.", { collect: () => 7 });
  const h = registry.histogram("tick_seconds", "Tick.", { buckets: [0.1] });
  h.observe(0.05);
  h.observe(0.25);
  return registry;
}

Deno.test("exportToOpenTelemetry() does nothing and returns null without OTEL_DENO=true", async (t) => {
  const registry = sampleRegistry();
  await t.step("unset", () => assert.equal(exportToOpenTelemetry(registry, { env: {} }), null));
  await t.step("false", () => {
    assert.equal(exportToOpenTelemetry(registry, { env: { OTEL_DENO: "false" } }), null);
  });
  await t.step("from the process environment, when it is not set there", () => {
    const access = Deno.permissions.querySync({ name: "env", variable: "OTEL_DENO" });
    const set = access.state === "granted" && Deno.env.get("OTEL_DENO") !== undefined;
    if (!set) assert.equal(exportToOpenTelemetry(registry), null);
  });
});

Deno.test("exportToOpenTelemetry() registers on the global (no-op) meter without throwing", () => {
  const bridge = exportToOpenTelemetry(sampleRegistry(), { env: { OTEL_DENO: "true" } });
  assert.notEqual(bridge, null);
  bridge!.stop();
  bridge!.stop();
});

Deno.test("exportToOpenTelemetry() maps each family to observable instruments", () => {
  const { meter, created, callbacks, collect } = recordingMeter();
  const registry = sampleRegistry();
  const bridge = exportToOpenTelemetry(registry, { env: { OTEL_DENO: "TRUE" }, meter });
  assert.deepEqual(created, [
    { kind: "counter", name: "joins_total", description: "Joins." },
    { kind: "gauge", name: "ws_open", description: "Open sockets." },
    { kind: "updown", name: "tick_seconds_sum", description: "Tick." },
    { kind: "counter", name: "tick_seconds_count", description: "Tick." },
  ]);

  // Values are read from the registry at collection time, not at registration.
  registry.histogram("later", "Registered after the bridge.", { buckets: [1] }).observe(1);
  assert.deepEqual(collect(), [
    ["joins_total", 2, { result: "ok" }],
    ["ws_open", 7, {}],
    ["tick_seconds_sum", 0.3, {}],
    ["tick_seconds_count", 2, {}],
  ]);

  bridge!.stop();
  assert.equal(callbacks.size, 0);
});

Deno.test("exportToOpenTelemetry() survives a gauge whose collect function throws", () => {
  const { meter, collect } = recordingMeter();
  const registry = new MetricsRegistry();
  registry.gauge("broken", "Broken.", {
    collect: () => {
      throw new Error("boom");
    },
  });
  const bridge = exportToOpenTelemetry(registry, { env: { OTEL_DENO: "true" }, meter });
  const error = console.error;
  const logged: unknown[] = [];
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    assert.throws(() => registry.collect());
    collect();
  } finally {
    console.error = error;
    bridge!.stop();
  }
  assert.equal(logged.length, 1);
});
