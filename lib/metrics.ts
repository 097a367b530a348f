/**
 * A tiny in-process metrics registry with no dependencies: counters, gauges and fixed-bucket
 * histograms, snapshotted by {@link MetricsRegistry.collect} for exporters (`/metrics`,
 * OpenTelemetry). It is *not* a client library for pushing anywhere, and it keeps no history.
 *
 * Every metric holds a bounded number of label combinations (`maxSeries`, default 100). Once
 * full, a new combination is folded into one extra series whose label values are all `"other"`,
 * so a label a client can influence never grows memory.
 *
 * @example
 * ```ts
 * const registry = new MetricsRegistry();
 * const joins = registry.counter("lobby_joins_total", "Join attempts.", { labelNames: ["result"] });
 * joins.inc({ result: "ok" });
 * registry.collect(); // [{ name: "lobby_joins_total", type: "counter", samples: [...] }]
 * ```
 *
 * @module
 */

import { type Labels, LabelSeries, type LabelSeriesOptions } from "./label_series.ts";

export { DEFAULT_MAX_SERIES, type Labels, OVERFLOW_LABEL_VALUE } from "./label_series.ts";

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

/** Options every metric takes: `labelNames` and `maxSeries` (default 100). */
export type MetricOptions = LabelSeriesOptions;

/** Options of a gauge; `collect` makes a gauge whose value is computed at collect time. */
export interface GaugeOptions extends MetricOptions {
  collect?: () => number | Sample[];
}

/** Options of a histogram; `buckets` are the upper bounds, fixed at creation. */
export interface HistogramOptions extends MetricOptions {
  buckets: number[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * A value that only goes up (requests served, messages dropped).
 *
 * @example
 * ```ts
 * const sent = new Counter("frames_sent_total", "Frames sent.");
 * sent.inc(undefined, 3);
 * sent.get(); // 3
 * ```
 */
export class Counter {
  readonly type = "counter" as const;
  readonly name: string;
  readonly help: string;
  #series: LabelSeries<{ value: number }>;

  constructor(name: string, help: string, opts: MetricOptions = {}) {
    this.name = _checkName(name);
    this.help = help;
    this.#series = _eager(new LabelSeries(name, opts, () => ({ value: 0 })));
  }

  /** Adds `by` (default 1, never negative) to the series of `labels`. */
  inc(labels?: Labels, by = 1): void {
    if (!(by >= 0) || by === Infinity) {
      throw new RangeError(`${this.name}: a counter grows by a finite amount >= 0, not ${by}`);
    }
    this.#series.getOrCreate(labels).value += by;
  }

  /** The value `inc(labels)` would add to; 0 for a series never incremented. */
  get(labels?: Labels): number {
    return this.#series.get(labels)?.value ?? 0;
  }

  /** A snapshot of every series. */
  collect(): MetricFamily {
    const samples = this.#series.map((labels, s) => ({ labels, value: s.value }));
    return { name: this.name, help: this.help, type: "counter", samples };
  }
}

/**
 * A value that goes up and down (open sockets), or one computed when collected.
 *
 * @example
 * ```ts
 * const open = new Gauge("ws_open", "Open WebSockets.");
 * open.inc();
 * open.dec();
 * const lobbies = new Gauge("lobbies", "Lobbies in memory.", { collect: () => 7 });
 * lobbies.get(); // 7
 * ```
 */
export class Gauge {
  readonly type = "gauge" as const;
  readonly name: string;
  readonly help: string;
  #series: LabelSeries<{ value: number }>;
  #opts: GaugeOptions;

  constructor(name: string, help: string, opts: GaugeOptions = {}) {
    this.name = _checkName(name);
    this.help = help;
    this.#opts = opts;
    this.#series = _eager(new LabelSeries(name, opts, () => ({ value: 0 })));
  }

  /** Sets the series of `labels` to `value`. */
  set(value: number, labels?: Labels): void {
    this.#settable(labels).value = value;
  }

  /** Adds `by` (default 1) to the series of `labels`. */
  inc(labels?: Labels, by = 1): void {
    this.#settable(labels).value += by;
  }

  /** Subtracts `by` (default 1) from the series of `labels`. */
  dec(labels?: Labels, by = 1): void {
    this.#settable(labels).value -= by;
  }

  /** The current value of the series of `labels` (running `collect` for a computed gauge). */
  get(labels?: Labels): number {
    if (this.#opts.collect === undefined) return this.#series.get(labels)?.value ?? 0;
    const computed = this.#computed();
    return computed.get(labels)?.value ?? 0;
  }

  /** A snapshot of every series. */
  collect(): MetricFamily {
    const series = this.#opts.collect === undefined ? this.#series : this.#computed();
    const samples = series.map((labels, s) => ({ labels, value: s.value }));
    return { name: this.name, help: this.help, type: "gauge", samples };
  }

  #settable(labels: Labels | undefined): { value: number } {
    if (this.#opts.collect !== undefined) {
      throw new TypeError(`${this.name}: a gauge with a collect function cannot be set`);
    }
    return this.#series.getOrCreate(labels);
  }

  // A fresh bounded series map per call, so a callback that returns thousands of label sets is
  // folded (summed) into "other" exactly like recorded values are.
  #computed(): LabelSeries<{ value: number }> {
    const series = new LabelSeries(this.name, this.#opts, () => ({ value: 0 }));
    const result = this.#opts.collect!();
    const samples = typeof result === "number" ? [{ labels: {}, value: result }] : result;
    for (const { labels, value } of samples) series.getOrCreate(labels).value += value;
    return series;
  }
}

/**
 * Counts observations (durations, sizes) into buckets fixed at creation.
 *
 * @example
 * ```ts
 * const took = new Histogram("tick_seconds", "Tick duration.", { buckets: [0.001, 0.01, 0.1] });
 * took.observe(0.004);
 * ```
 */
export class Histogram {
  readonly type = "histogram" as const;
  readonly name: string;
  readonly help: string;
  readonly buckets: readonly number[];
  #series: LabelSeries<{ counts: number[]; sum: number; count: number }>;

  constructor(name: string, help: string, opts: HistogramOptions) {
    this.name = _checkName(name);
    this.help = help;
    const buckets = opts.buckets.at(-1) === Infinity ? opts.buckets.slice(0, -1) : opts.buckets;
    if (
      buckets.length === 0 || buckets.some((b, i) => !Number.isFinite(b) || b <= buckets[i - 1]!)
    ) {
      throw new RangeError(`${name}: buckets must be finite, ascending and at least one`);
    }
    if (opts.labelNames?.includes("le")) throw new TypeError(`${name}: "le" is reserved`);
    this.buckets = Object.freeze([...buckets]);
    const size = buckets.length + 1;
    const make = () => ({ counts: new Array<number>(size).fill(0), sum: 0, count: 0 });
    this.#series = _eager(new LabelSeries(name, opts, make));
  }

  /** Records one observation in the series of `labels`. */
  observe(value: number, labels?: Labels): void {
    if (Number.isNaN(value)) throw new RangeError(`${this.name}: cannot observe NaN`);
    const s = this.#series.getOrCreate(labels);
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]!) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  /** A snapshot of every series, with cumulative bucket counts. */
  collect(): MetricFamily {
    const samples = this.#series.map((labels, s) => {
      let running = 0;
      const bucketCounts = s.counts.map((c) => (running += c));
      return { labels, bucketCounts, sum: s.sum, count: s.count };
    });
    return {
      name: this.name,
      help: this.help,
      type: "histogram",
      buckets: [...this.buckets],
      samples,
    };
  }
}

/**
 * Creates metrics under unique names and snapshots them all for exporters.
 *
 * @example
 * ```ts
 * const registry = new MetricsRegistry();
 * const sockets = new Set<WebSocket>();
 * registry.gauge("ws_connections", "Open WebSockets.", { collect: () => sockets.size });
 * registry.collect(); // [{ name: "ws_connections", type: "gauge", samples: [{ labels: {}, value: 0 }] }]
 * ```
 */
export class MetricsRegistry {
  #metrics: Array<Counter | Gauge | Histogram> = [];
  #names = new Set<string>();

  /** Registers a counter; a name already taken is a `TypeError`. */
  counter(name: string, help: string, opts?: MetricOptions): Counter {
    return this.#add(new Counter(name, help, opts), [name]);
  }

  /** Registers a gauge, recorded by hand or computed by `opts.collect`. */
  gauge(name: string, help: string, opts?: GaugeOptions): Gauge {
    return this.#add(new Gauge(name, help, opts), [name]);
  }

  /** Registers a histogram; it also takes the names `_bucket`, `_sum` and `_count` of `name`. */
  histogram(name: string, help: string, opts: HistogramOptions): Histogram {
    const names = [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
    return this.#add(new Histogram(name, help, opts), names);
  }

  /** Snapshots every metric, in registration order. */
  collect(): MetricFamily[] {
    return this.#metrics.map((m) => m.collect());
  }

  /** Name, help and type of every metric, without reading values or running collect functions. */
  describe(): Array<Pick<MetricFamily, "name" | "help" | "type">> {
    return this.#metrics.map((m) => ({ name: m.name, help: m.help, type: m.type }));
  }

  #add<M extends Counter | Gauge | Histogram>(metric: M, names: string[]): M {
    const taken = names.find((n) => this.#names.has(n));
    if (taken !== undefined) throw new TypeError(`metric name "${taken}" is already registered`);
    for (const n of names) this.#names.add(n);
    this.#metrics.push(metric);
    return metric;
  }
}

function _checkName(name: string): string {
  if (!METRIC_NAME.test(name)) throw new TypeError(`"${name}" is not a valid metric name`);
  return name;
}

// An unlabelled metric is shown at zero from the start, as Prometheus clients do.
function _eager<T>(series: LabelSeries<T>): LabelSeries<T> {
  if (series.labelNames.length === 0) series.getOrCreate(undefined);
  return series;
}
