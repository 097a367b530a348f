/**
 * A latency histogram with fixed 0.1 ms buckets up to 10 s (an overflow bucket above), so
 * millions of samples cost one array increment each and a fixed 400 KB, and percentiles are
 * exact to a tenth of a millisecond. The maximum and the mean are exact.
 *
 * @example
 * ```ts
 * const h = new LatencyHistogram();
 * h.record(12.34);
 * h.record(30);
 * h.percentile(50); // 12.34 (bucket edge 12.4, capped at the exact max seen below it)
 * ```
 */

/** Percentiles of a run, in milliseconds (0 for an empty histogram). */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

const _BUCKET_MS = 0.1;
const _BUCKETS = 100_000; // 10 s

/** Counts samples in 0.1 ms buckets; see the module doc. */
export class LatencyHistogram {
  readonly #counts = new Uint32Array(_BUCKETS + 1);
  #count = 0;
  #sum = 0;
  #max = 0;

  /** Adds one sample, in ms; negative samples (clock noise) count as 0. */
  record(ms: number): void {
    const value = ms > 0 ? ms : 0;
    const bucket = Math.min(_BUCKETS, Math.floor(value / _BUCKET_MS));
    this.#counts[bucket]!++;
    this.#count++;
    this.#sum += value;
    if (value > this.#max) this.#max = value;
  }

  /** Samples recorded. */
  get count(): number {
    return this.#count;
  }

  /**
   * The smallest bucket edge at or above the `p`th percentile (0 < p <= 100), in ms: "p% of
   * samples took at most this long". Never above the exact maximum.
   */
  percentile(p: number): number {
    if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
    if (this.#count === 0) return 0;
    const rank = Math.ceil((p / 100) * this.#count);
    let seen = 0;
    for (let i = 0; i <= _BUCKETS; i++) {
      seen += this.#counts[i]!;
      if (seen < rank) continue;
      // The overflow bucket has no upper edge; the exact maximum is its honest bound.
      return i === _BUCKETS ? this.#max : Math.min(this.#max, _round((i + 1) * _BUCKET_MS));
    }
    return this.#max;
  }

  /** Count, p50, p90, p99, max and mean. */
  summary(): LatencySummary {
    return {
      count: this.#count,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: _round(this.#max),
      mean: this.#count === 0 ? 0 : _round(this.#sum / this.#count),
    };
  }
}

function _round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
