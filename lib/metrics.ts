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

/** One series of a histogram; `bucketCounts` are cumulative, one per bound and then `+Inf`. */
export interface HistogramSample {
  labels: Labels;
  bucketCounts: number[];
  sum: number;
  count: number;
}

/** A snapshot of one metric, ready for an exporter. */
export type MetricFamily =
  | { name: string; help: string; type: "counter" | "gauge"; samples: Sample[] }
  | {
    name: string;
    help: string;
    type: "histogram";
    /** Upper bounds of the buckets, ascending, without the implicit `+Inf`. */
    buckets: number[];
    samples: HistogramSample[];
  };

/** Anything that lists and snapshots metric families, such as the health reporter. */
export interface MetricSource {
  /** Names, help and types, without computing values (for exporters that register up front). */
  describe(): Array<Pick<MetricFamily, "name" | "help" | "type">>;
  /** Every family with its current values. */
  collect(): MetricFamily[];
}
