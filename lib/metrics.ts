/**
 * The shape metrics take between the figures that produce them (`HealthReporter`) and the
 * exporters that send them on (`/metrics` in Prometheus text, OpenTelemetry). A snapshot only:
 * it keeps no state and no history.
 *
 * @example
 * ```ts
 * const family: MetricFamily = {
 *   name: "lobby_ws_connections",
 *   help: "Open WebSockets.",
 *   type: "gauge",
 *   samples: [{ labels: {}, value: 42 }],
 * };
 * ```
 *
 * @module
 */

/** Label names to values; every value comes from a fixed set, never from a client. */
export type Labels = Readonly<Record<string, string>>;

/** One value of a counter or gauge. */
export interface Sample {
  labels: Labels;
  value: number;
}

/** A snapshot of one metric, ready for an exporter. */
export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: Sample[];
}

/** Anything that lists and snapshots metric families, such as the health reporter. */
export interface MetricSource {
  /** Names, help and types, for exporters that register their instruments up front. */
  describe(): Array<Pick<MetricFamily, "name" | "help" | "type">>;
  /** Every family with its current values. */
  collect(): MetricFamily[];
}
