/**
 * The bounded map from a label combination to the state of one series, behind every metric in
 * `metrics.ts`. It holds at most `maxSeries` combinations (default 100); after that, every new
 * combination shares one extra series whose label values are all {@link OVERFLOW_LABEL_VALUE},
 * so a label fed by clients (an IP, a lobby code) can never grow memory.
 *
 * @example
 * ```ts
 * const byIp = new LabelSeries("requests_total", { labelNames: ["ip"], maxSeries: 2 }, () => ({ n: 0 }));
 * byIp.getOrCreate({ ip: "10.0.0.1" }).n++;
 * byIp.getOrCreate({ ip: "10.0.0.2" }).n++;
 * byIp.getOrCreate({ ip: "10.0.0.3" }).n++; // counted under { ip: "other" }
 * byIp.size; // 3
 * ```
 *
 * @module
 */

/** Label values of one series, by label name. */
export type Labels = Readonly<Record<string, string>>;

/** Which labels a metric takes and how many combinations it keeps. */
export interface LabelSeriesOptions {
  /** The label names accepted; a label outside them is a `TypeError`, a missing one is "". */
  labelNames?: string[];
  /** Label combinations kept before new ones fold into the `"other"` series (default 100). */
  maxSeries?: number;
}

/** Series kept per metric when `maxSeries` is not given. */
export const DEFAULT_MAX_SERIES = 100;
/** The value of every label in the series that absorbs combinations past `maxSeries`. */
export const OVERFLOW_LABEL_VALUE = "other";

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Label combination -> series state, bounded by `maxSeries` plus the one overflow series.
 *
 * @example
 * ```ts
 * const series = new LabelSeries("open", { labelNames: ["kind"] }, () => ({ value: 0 }));
 * series.getOrCreate({ kind: "ws" }).value = 3;
 * series.get({ kind: "ws" }); // { value: 3 }
 * ```
 */
export class LabelSeries<T> {
  /** The label names, in the order samples list them. */
  readonly labelNames: readonly string[];
  #owner: string;
  #max: number;
  #make: () => T;
  #entries = new Map<string, { labels: Labels; state: T }>();

  /** `owner` names the metric in error messages; `make` creates the state of a new series. */
  constructor(owner: string, opts: LabelSeriesOptions, make: () => T) {
    const labelNames = opts.labelNames ?? [];
    for (const l of labelNames) {
      if (!LABEL_NAME.test(l) || l.startsWith("__")) {
        throw new TypeError(`${owner}: "${l}" is not a valid label name`);
      }
    }
    if (new Set(labelNames).size !== labelNames.length) {
      throw new TypeError(`${owner}: label names repeat`);
    }
    const max = opts.maxSeries ?? DEFAULT_MAX_SERIES;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`${owner}: maxSeries must be a whole number >= 1, not ${max}`);
    }
    this.labelNames = Object.freeze([...labelNames]);
    this.#owner = owner;
    this.#max = max;
    this.#make = make;
  }

  /** Series held, the overflow series included. */
  get size(): number {
    return this.#entries.size;
  }

  /** The state `getOrCreate(labels)` would return, without creating it. */
  get(labels: Labels | undefined): T | undefined {
    return this.#find(labels, false);
  }

  /** The state of the series of `labels`, created if there is room, else the overflow one. */
  getOrCreate(labels: Labels | undefined): T {
    return this.#find(labels, true)!;
  }

  /** Maps every series, in creation order; `labels` is a fresh object each time. */
  map<R>(fn: (labels: Labels, state: T) => R): R[] {
    return [...this.#entries.values()].map((e) => fn({ ...e.labels }, e.state));
  }

  #find(labels: Labels | undefined, create: boolean): T | undefined {
    let values = this.#values(labels);
    let key = JSON.stringify(values);
    let entry = this.#entries.get(key);
    if (entry !== undefined) return entry.state;
    if (this.#entries.size >= this.#max) {
      values = this.labelNames.map(() => OVERFLOW_LABEL_VALUE);
      key = JSON.stringify(values);
      entry = this.#entries.get(key);
      if (entry !== undefined) return entry.state;
    }
    if (!create) return undefined;
    const frozen = Object.freeze(
      Object.fromEntries(this.labelNames.map((l, i) => [l, values[i]!])),
    );
    entry = { labels: frozen, state: this.#make() };
    this.#entries.set(key, entry);
    return entry.state;
  }

  #values(labels: Labels | undefined): string[] {
    const given = labels ?? {};
    for (const [k, v] of Object.entries(given)) {
      if (!this.labelNames.includes(k)) throw new TypeError(`${this.#owner}: unknown label "${k}"`);
      if (typeof v !== "string") {
        throw new TypeError(`${this.#owner}: label "${k}" is not a string`);
      }
    }
    return this.labelNames.map((l) => given[l] ?? "");
  }
}
