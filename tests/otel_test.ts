import assert from "node:assert/strict";
import type { BatchObservableResult, Meter, Observable } from "@opentelemetry/api";
import type { MetricFamily, MetricSource } from "../lib/metrics.ts";
import { exportToOpenTelemetry } from "../lib/otel.ts";
import { createLobby, gameSocket } from "./_client.ts";
import { startTestServer } from "./_server.ts";

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

/** A metric source whose figures the test sets, a counter and a gauge, with a ':' in one name. */
function sampleSource() {
  const values = { joins: 2, open: 7, families: 2 };
  const source: MetricSource & { values: typeof values } = {
    values,
    collect: (): MetricFamily[] => [
      {
        name: "joins_total",
        help: "Joins.",
        type: "counter" as const,
        samples: [{ labels: { result: "ok" }, value: values.joins }],
      },
      {
        name: "ws:open",
        help: "Open sockets.",
        type: "gauge" as const,
        samples: [{ labels: {}, value: values.open }],
      },
      // Appears after the bridge registered; it has no instrument, so it is not exported.
      ...(values.families > 2
        ? [{ name: "later", help: "Later.", type: "gauge" as const, samples: [] }]
        : []),
    ],
    describe: () => source.collect().map(({ name, help, type }) => ({ name, help, type })),
  };
  return source;
}

Deno.test("exportToOpenTelemetry() does nothing and returns null without OTEL_DENO=true", async (t) => {
  const source = sampleSource();
  await t.step("unset", () => assert.equal(exportToOpenTelemetry(source, { env: {} }), null));
  await t.step("false", () => {
    assert.equal(exportToOpenTelemetry(source, { env: { OTEL_DENO: "false" } }), null);
  });
  await t.step("from the process environment, when it is not set there", () => {
    const access = Deno.permissions.querySync({ name: "env", variable: "OTEL_DENO" });
    const set = access.state === "granted" && Deno.env.get("OTEL_DENO") !== undefined;
    if (!set) assert.equal(exportToOpenTelemetry(source), null);
  });
});

Deno.test("exportToOpenTelemetry() registers on the global (no-op) meter without throwing", () => {
  const bridge = exportToOpenTelemetry(sampleSource(), { env: { OTEL_DENO: "true" } });
  assert.notEqual(bridge, null);
  bridge!.stop();
  bridge!.stop();
});

Deno.test("exportToOpenTelemetry() maps each family to observable instruments", () => {
  const { meter, created, callbacks, collect } = recordingMeter();
  const source = sampleSource();
  const bridge = exportToOpenTelemetry(source, { env: { OTEL_DENO: "TRUE" }, meter });
  assert.deepEqual(created, [
    { kind: "counter", name: "joins_total", description: "Joins." },
    { kind: "gauge", name: "ws_open", description: "Open sockets." },
  ]);

  // Values are read from the source at collection time, not at registration.
  source.values.joins = 5;
  source.values.open = 9;
  source.values.families = 3;
  assert.deepEqual(collect(), [
    ["joins_total", 5, { result: "ok" }],
    ["ws_open", 9, {}],
  ]);

  bridge!.stop();
  assert.equal(callbacks.size, 0);
});

Deno.test("exportToOpenTelemetry() survives a source whose collect throws", () => {
  const { meter, collect } = recordingMeter();
  const source: MetricSource = {
    describe: () => [{ name: "broken", help: "Broken.", type: "gauge" }],
    collect: () => {
      throw new Error("boom");
    },
  };
  const bridge = exportToOpenTelemetry(source, { env: { OTEL_DENO: "true" }, meter });
  const error = console.error;
  const logged: unknown[] = [];
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    collect();
  } finally {
    console.error = error;
    bridge!.stop();
  }
  assert.equal(logged.length, 1);
});

Deno.test("exportToOpenTelemetry() exports the server's own figures, the same as /metrics", async () => {
  const server = await startTestServer();
  const { meter, created, collect } = recordingMeter();
  const bridge = exportToOpenTelemetry(server.health, { env: { OTEL_DENO: "true" }, meter });
  try {
    const names = created.map((c) => c.name);
    for (const name of ["lobby_ws_connections", "lobby_ws_closes_total"]) {
      assert.ok(names.includes(name), `${name} among ${names.join(", ")}`);
    }
    const host = await createLobby(server.url);
    const socket = gameSocket(server.wsUrl, host.code, host.token);
    await socket.next("welcome");
    const open = collect().find(([name]) => name === "lobby_ws_connections");
    assert.equal(open?.[1], 1, "one open socket, read at collection time");
    await socket.close();
  } finally {
    bridge!.stop();
    await server.close();
  }
});
