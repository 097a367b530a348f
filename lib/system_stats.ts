/**
 * Process figures for `/health/detailed` and `/metrics`: memory, CPU over the last sampling
 * interval, threads, uptime and event-loop lag. The runtime is read through a tiny
 * {@link ProcessProbe} and time through a {@link Clock}, so the arithmetic is testable without
 * burning CPU or waiting.
 *
 * @example
 * ```ts
 * import { monotonicClock } from "./clock.ts";
 *
 * const sampler = new SystemSampler({ probe: denoProcessProbe, clock: monotonicClock });
 * const sampling = setInterval(() => sampler.sample(), 1_000);
 * const lag = startEventLoopLagMonitor(sampler, monotonicClock);
 * sampler.stats(); // { memory_mb: 48.2, cpu_percent: 3.1, threads: 9, ... }
 * clearInterval(sampling);
 * lag.stop();
 * ```
 *
 * @module
 */
import process from "node:process";
import type { Clock } from "./clock.ts";

/** The `system` object of `/health/detailed`. */
export interface SystemStats {
  /** Resident set size, in MiB. */
  memory_mb: number;
  /** V8 heap in use, in MiB. */
  heap_used_mb: number;
  /**
   * CPU time over wall time in the last sampling interval, in percent of one core; above 100
   * when the process keeps several cores busy (V8's GC and Deno's I/O threads run in parallel).
   */
  cpu_percent: number;
  /** OS threads of the process; null where it cannot be read (see {@link denoProcessProbe}). */
  threads: number | null;
  uptime_seconds: number;
  /** The largest lateness of the lag monitor's timer over the last 10 to 20 seconds. */
  event_loop_lag_ms: number;
}

/** What the sampler needs from the runtime; a fake one makes the arithmetic testable. */
export interface ProcessProbe {
  rssBytes(): number;
  heapUsedBytes(): number;
  /** User plus system CPU time since the process started, in microseconds. */
  cpuMicros(): number;
  threads(): number | null;
}

/** Options of {@link SystemSampler}. */
export interface SystemSamplerOptions {
  probe: ProcessProbe;
  clock: Clock;
  /** Clock reading at which the process started (default: when the sampler is built). */
  startedAt?: number;
  /** Lag readings older than one to two of these windows are forgotten (default 10 000 ms). */
  lagWindowMs?: number;
}

const MIB = 1024 * 1024;

let _threadsReadable: boolean | undefined;

/**
 * The real probe: `Deno.memoryUsage()`, `process.cpuUsage()` and the `Threads:` line of
 * `/proc/self/status`. Deno 2.9 lets a program read `/proc/self` only under `--allow-all`
 * (`--allow-read` is not enough), so elsewhere, and off Linux, `threads()` is null. The file is
 * a few hundred bytes kept in memory by the kernel, so a synchronous read is cheap; after one
 * failure it is not tried again, and it is never tried without read permission so that no
 * permission prompt can appear.
 *
 * @example
 * ```ts
 * denoProcessProbe.rssBytes(); // 50331648
 * ```
 */
export const denoProcessProbe: ProcessProbe = {
  rssBytes: () => Deno.memoryUsage().rss,
  heapUsedBytes: () => Deno.memoryUsage().heapUsed,
  cpuMicros: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  threads: () => {
    if (_threadsReadable === undefined) {
      _threadsReadable = Deno.build.os === "linux" &&
        Deno.permissions.querySync({ name: "read", path: "/proc/self/status" }).state ===
          "granted";
    }
    if (!_threadsReadable) return null;
    try {
      const match = /^Threads:\s*(\d+)/m.exec(Deno.readTextFileSync("/proc/self/status"));
      return match ? Number(match[1]) : null;
    } catch {
      _threadsReadable = false;
      return null;
    }
  },
};

/**
 * Turns probe readings into {@link SystemStats}. The server calls {@link SystemSampler.sample}
 * on an interval (every second, say); CPU is measured over the real time between two samples,
 * so, unlike psutil's first `cpu_percent()`, no reading is a meaningless 0.
 *
 * @example
 * ```ts
 * import { FakeClock } from "./clock.ts";
 *
 * const clock = new FakeClock();
 * let cpu = 0;
 * const probe = { rssBytes: () => 0, heapUsedBytes: () => 0, cpuMicros: () => cpu, threads: () => 1 };
 * const sampler = new SystemSampler({ probe, clock });
 * clock.advance(1_000);
 * cpu += 250_000;
 * sampler.sample();
 * sampler.stats().cpu_percent; // 25
 * ```
 */
export class SystemSampler {
  #probe: ProcessProbe;
  #clock: Clock;
  #startedAt: number;
  #lagWindowMs: number;
  #baseWall: number;
  #baseCpu: number;
  #cpuPercent: number | undefined;
  #lagWindowStart: number;
  #lagMax = 0;
  #lagPreviousMax = 0;

  constructor(opts: SystemSamplerOptions) {
    this.#probe = opts.probe;
    this.#clock = opts.clock;
    const now = opts.clock.now();
    this.#startedAt = opts.startedAt ?? now;
    this.#lagWindowMs = opts.lagWindowMs ?? 10_000;
    if (!(this.#lagWindowMs > 0)) {
      throw new RangeError(`lagWindowMs must be above 0, not ${this.#lagWindowMs}`);
    }
    // The baseline makes the first sample() measure from here rather than report nothing.
    this.#baseWall = now;
    this.#baseCpu = opts.probe.cpuMicros();
    this.#lagWindowStart = now;
  }

  /** Closes one CPU interval: the CPU used since the previous sample over the time elapsed. */
  sample(): void {
    const now = this.#clock.now();
    const cpu = this.#probe.cpuMicros();
    const percent = _percent(cpu - this.#baseCpu, now - this.#baseWall);
    // Two samples at the same instant say nothing; keep the interval open instead.
    if (percent === undefined) return;
    this.#cpuPercent = percent;
    this.#baseWall = now;
    this.#baseCpu = cpu;
  }

  /** Records how late a timer fired, in ms; {@link startEventLoopLagMonitor} calls it. */
  recordLag(ms: number): void {
    this.#rotateLag();
    if (ms > this.#lagMax) this.#lagMax = ms;
  }

  /**
   * The current figures. Memory is read now; CPU is the last closed interval, or, before the
   * first `sample()`, the interval since the sampler was built.
   */
  stats(): SystemStats {
    const now = this.#clock.now();
    this.#rotateLag();
    const cpu = this.#cpuPercent ??
      _percent(this.#probe.cpuMicros() - this.#baseCpu, now - this.#baseWall) ?? 0;
    return {
      memory_mb: _round(this.#probe.rssBytes() / MIB, 2),
      heap_used_mb: _round(this.#probe.heapUsedBytes() / MIB, 2),
      cpu_percent: _round(cpu, 1),
      threads: this.#probe.threads(),
      uptime_seconds: Math.max(0, Math.floor((now - this.#startedAt) / 1000)),
      event_loop_lag_ms: _round(Math.max(this.#lagMax, this.#lagPreviousMax), 1),
    };
  }

  // Two fixed windows: the reported lag is the max of the current and the previous one, so a
  // stall stays visible for at least one full window and is gone after two.
  #rotateLag(): void {
    const elapsed = this.#clock.now() - this.#lagWindowStart;
    if (elapsed < this.#lagWindowMs) return;
    this.#lagPreviousMax = elapsed < 2 * this.#lagWindowMs ? this.#lagMax : 0;
    this.#lagMax = 0;
    this.#lagWindowStart = this.#clock.now();
  }
}

/**
 * Measures event-loop lag: a timer due every `intervalMs` (default 500) records how late it
 * fired. One timer per process, unref'd so it never keeps the process alive; `stop()` clears it.
 *
 * @example
 * ```ts
 * import { monotonicClock } from "./clock.ts";
 *
 * const sampler = new SystemSampler({ probe: denoProcessProbe, clock: monotonicClock });
 * const monitor = startEventLoopLagMonitor(sampler, monotonicClock, 250);
 * monitor.stop();
 * ```
 */
export function startEventLoopLagMonitor(
  sampler: Pick<SystemSampler, "recordLag">,
  clock: Clock,
  intervalMs = 500,
): { stop(): void } {
  if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be above 0, not ${intervalMs}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // A chain of timeouts rather than setInterval: an interval that fell behind would fire its
  // missed ticks back to back and hide the lag it was meant to show.
  const schedule = () => {
    const due = clock.now() + intervalMs;
    const id = setTimeout(() => {
      try {
        sampler.recordLag(Math.max(0, clock.now() - due));
      } finally {
        if (!stopped) schedule();
      }
    }, intervalMs);
    Deno.unrefTimer(id);
    timer = id;
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function _percent(cpuMicros: number, wallMs: number): number | undefined {
  if (!(wallMs > 0)) return undefined;
  return Math.max(0, (100 * cpuMicros) / (wallMs * 1000));
}

function _round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
