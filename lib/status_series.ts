/**
 * The arithmetic behind the operator status page's live charts: a ring of the last N samples,
 * per-second rates from counter readings, and the mapping of a series onto an SVG box. Pure and
 * browser-safe: no Deno, no DOM, no clock of its own (every reading carries its time).
 *
 * @example
 * ```ts
 * const ring = new RingBuffer<CounterReading>(150);
 * ring.push({ atMs: 0, value: 10 });
 * ring.push({ atMs: 2_000, value: 30 });
 * counterRate(ring.at(-2), ring.at(-1)!); // 10 (per second)
 * const scale = chartScale([0, 10], { include: [0], nice: true }); // { min: 0, max: 10 }
 * ```
 *
 * @module
 */

/**
 * A fixed-capacity buffer that keeps the most recent `capacity` values; pushing onto a full one
 * drops the oldest. Memory stays constant however long the page polls.
 *
 * @example
 * ```ts
 * const ring = new RingBuffer<number>(2);
 * ring.push(1);
 * ring.push(2);
 * ring.push(3);
 * ring.toArray(); // [2, 3]
 * ```
 */
export class RingBuffer<T> {
  readonly capacity: number;
  #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  /** Throws `RangeError` unless `capacity` is a whole number of at least 1. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.#items = new Array(capacity);
  }

  /** How many values are held (at most `capacity`). */
  get size(): number {
    return this.#size;
  }

  /** Adds `value` as the newest, dropping the oldest when full. */
  push(value: T): void {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = value;
      this.#size++;
      return;
    }
    this.#items[this.#start] = value;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /** The value at `index` from the oldest (negative counts from the newest, like `Array.at`). */
  at(index: number): T | undefined {
    const i = index < 0 ? this.#size + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#size) return undefined;
    return this.#items[(this.#start + i) % this.capacity];
  }

  /** The values, oldest first, as a new array. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#start + i) % this.capacity]!);
    return out;
  }

  /** Forgets every value. */
  clear(): void {
    this.#items = new Array(this.capacity);
    this.#start = 0;
    this.#size = 0;
  }
}

/** One reading of an ever-increasing counter, with the time it was taken (any ms scale). */
export interface CounterReading {
  atMs: number;
  value: number;
}

/**
 * The counter's increase per second between two readings, or `null` when there is no rate to
 * tell: no previous reading (the first sample), time that did not move forward, or a value that
 * is not a finite number.
 *
 * A counter that went down was reset (the server restarted): as Prometheus' `rate()` does, the
 * new value is taken as the whole increase, since the counter started again from zero.
 */
export function counterRate(
  previous: CounterReading | undefined,
  current: CounterReading,
): number | null {
  if (previous === undefined) return null;
  const seconds = (current.atMs - previous.atMs) / 1000;
  if (!(seconds > 0) || !Number.isFinite(previous.value) || !Number.isFinite(current.value)) {
    return null;
  }
  const increase = current.value >= previous.value ? current.value - previous.value : current.value;
  return increase / seconds;
}

/** The value range a chart shows, bottom to top. */
export interface ChartScale {
  min: number;
  max: number;
}

/** Options of {@link chartScale}. */
export interface ChartScaleOptions {
  /** Values the range must contain even if no sample reaches them: 0, a limit, 1 for a ratio. */
  include?: number[];
  /** The smallest `max - min`, so a flat series is not stretched into noise (default 1). */
  minSpan?: number;
  /** Round `max` up to 1, 2 or 5 times a power of ten, for readable axis labels. */
  nice?: boolean;
}

/**
 * The min/max range that holds every value (nulls are gaps and skipped) and every `include`d
 * one. A range narrower than `minSpan` grows upwards from an included bottom (a chart anchored
 * at zero stays anchored), or evenly around the values otherwise. With nothing to show, the
 * range is `[0, minSpan]`.
 */
export function chartScale(
  values: Iterable<number | null>,
  options: ChartScaleOptions = {},
): ChartScale {
  const include = options.include ?? [];
  const minSpan = options.minSpan ?? 1;
  if (!(minSpan > 0)) throw new RangeError(`minSpan must be > 0, got ${minSpan}`);
  let min = Infinity;
  let max = -Infinity;
  for (const value of [...values, ...include]) {
    if (value === null || !Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min === Infinity) return { min: 0, max: options.nice ? niceCeil(minSpan) : minSpan };
  if (max - min < minSpan) {
    if (include.includes(min)) {
      max = min + minSpan;
    } else {
      const middle = (min + max) / 2;
      min = middle - minSpan / 2;
      max = middle + minSpan / 2;
    }
  }
  if (options.nice) max = min + niceCeil(max - min);
  return { min, max };
}

/** The smallest of 1, 2, 5, 10, 20, 50 ... times a power of ten that is >= `value` (> 0). */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return value;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    // The small tolerance keeps 0.3 from becoming 0.5 through 0.30000000000000004.
    if (step * power >= value * (1 - 1e-12)) return step * power;
  }
  return 10 * power;
}

/** One point of a chart: a time and a value, `null` where there is no value (a gap). */
export interface ChartPoint {
  atMs: number;
  value: number | null;
}

/** Where a series is drawn: the visible time window and the SVG box. */
export interface ChartFrame {
  /** Time at the left edge. */
  fromMs: number;
  /** Time at the right edge (usually the newest sample). */
  toMs: number;
  width: number;
  height: number;
  scale: ChartScale;
  /** Consecutive points further apart than this are not joined (a missed poll, an outage). */
  maxGapMs?: number;
}

/** The y coordinate of `value` in a box `height` tall (0 at the top), clamped to the box. */
export function scaleY(value: number, scale: ChartScale, height: number): number {
  const span = scale.max - scale.min;
  const ratio = span > 0 ? (value - scale.min) / span : 0;
  return height - Math.min(1, Math.max(0, ratio)) * height;
}

/**
 * An SVG path (`d` attribute) through the points: a line that breaks at nulls and at gaps
 * longer than `maxGapMs`. A point with no neighbour to join becomes a zero-length segment
 * (`h0`), which round line caps draw as a dot, so the very first sample is visible too.
 * Coordinates are rounded to 0.1 to keep the DOM small. An empty string when nothing is
 * drawable.
 */
export function linePath(points: readonly ChartPoint[], frame: ChartFrame): string {
  const span = frame.toMs - frame.fromMs;
  let path = "";
  let previousAt: number | null = null;
  let run = 0; // points in the current subpath
  for (const point of points) {
    if (point.value === null || !Number.isFinite(point.value)) {
      previousAt = null;
      continue;
    }
    const x = span > 0 ? ((point.atMs - frame.fromMs) / span) * frame.width : frame.width;
    const y = scaleY(point.value, frame.scale, frame.height);
    const joined = previousAt !== null &&
      (frame.maxGapMs === undefined || point.atMs - previousAt <= frame.maxGapMs);
    if (!joined && run === 1) path += "h0";
    path += `${joined ? "L" : "M"}${_round(x)} ${_round(y)}`;
    run = joined ? run + 1 : 1;
    previousAt = point.atMs;
  }
  return run === 1 ? `${path}h0` : path;
}

function _round(n: number): number {
  return Math.round(n * 10) / 10;
}
