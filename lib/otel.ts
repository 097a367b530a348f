/**
 * Bridges our metrics (any {@link MetricSource}; in the server, the health reporter) to
 * OpenTelemetry. With `OTEL_DENO=true`, Deno exports its own HTTP and V8 metrics over OTLP and
 * installs its MeterProvider as the global one of `npm:@opentelemetry/api`; this module adds our
 * metrics to that export. Without it, nothing is registered and `/metrics` stays the only way
 * out.
 *
 * A counter becomes an observable counter of the same name, a gauge an observable gauge, read
 * from the source at each OTLP collection (every `OTEL_METRIC_EXPORT_INTERVAL`, 60 s by default).
 *
 * Label sets become attributes unchanged. `:` is not allowed in OpenTelemetry instrument names,
 * so it becomes `_`.
 *
 * @example
 * ```ts
 * const bridge = exportToOpenTelemetry(health); // null unless OTEL_DENO=true
 * bridge?.stop();
 * ```
 *
 * @module
 */
import {
  type BatchObservableResult,
  type Meter,
  metrics,
  type Observable,
} from "@opentelemetry/api";
import type { MetricSource } from "./metrics.ts";

/** Options of {@link exportToOpenTelemetry}; the defaults are right for the server. */
export interface OpenTelemetryOptions {
  /** Where `OTEL_DENO` is read (default: the process environment; no env permission = off). */
  env?: Record<string, string | undefined>;
  /** The meter to register on (default: the global provider's `"lobby-server"` meter). */
  meter?: Meter;
}

/**
 * Registers an observable instrument for every metric of `source` when `OTEL_DENO` is
 * `true`, and returns a handle whose `stop()` detaches them; otherwise returns null and does
 * nothing. Call it after the metrics are registered: one added later is not exported.
 *
 * @example
 * ```ts
 * exportToOpenTelemetry(health, { env: {} }); // null
 * ```
 */
export function exportToOpenTelemetry(
  source: MetricSource,
  opts: OpenTelemetryOptions = {},
): { stop(): void } | null {
  const flag = opts.env === undefined ? _readOtelDeno() : opts.env.OTEL_DENO;
  // Deno itself accepts only "true" and "false", in any case.
  if (flag?.trim().toLowerCase() !== "true") return null;
  const meter = opts.meter ?? metrics.getMeter("lobby-server");

  const instruments = new Map<string, Observable>();
  for (const family of source.describe()) {
    const name = family.name.replaceAll(":", "_");
    const description = family.help;
    instruments.set(
      family.name,
      family.type === "counter"
        ? meter.createObservableCounter(name, { description })
        : meter.createObservableGauge(name, { description }),
    );
  }
  const observables = [...instruments.values()];

  // One snapshot per collection serves every instrument.
  const callback = (result: BatchObservableResult) => {
    try {
      for (const family of source.collect()) {
        const instrument = instruments.get(family.name);
        if (instrument === undefined) continue;
        for (const s of family.samples) result.observe(instrument, s.value, s.labels);
      }
    } catch (error) {
      // Deno awaits this callback in its collection loop; a rejection there would end the
      // process, and a broken gauge is not worth losing the server over.
      console.error("OpenTelemetry metrics export failed:", error);
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      meter.removeBatchObservableCallback(callback, observables);
    },
  };
}

// Without env permission exporting stays off, and no permission prompt is raised to find out.
function _readOtelDeno(): string | undefined {
  const access = Deno.permissions.querySync({ name: "env", variable: "OTEL_DENO" });
  return access.state === "granted" ? Deno.env.get("OTEL_DENO") : undefined;
}
