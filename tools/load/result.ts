/**
 * The figures of a finished run, computed from a {@link LoadRun}'s counters: the shape both the
 * text and the JSON report print, and what the benchmarks read.
 *
 * @example
 * ```ts
 * const result = summarize(run);
 * if (!result.tester.valid) console.log("the tester measured itself");
 * ```
 */
import type { DeliverySummary } from "./delivery.ts";
import type { LatencySummary } from "./histogram.ts";
import type { LoadRun, RunOptions } from "./run.ts";

/** A tester using more than this share of one core measured itself, not the server. */
export const MAX_TESTER_CPU_PERCENT = 80;

/** Other work on the machine above this share of one core makes the timings noisy. */
export const MAX_OTHERS_CPU_PERCENT = 20;

/** The parts of `GET /health/detailed` the report uses. */
export interface ServerHealth {
  connections?: { total_connections?: number; max_connections?: number; active_lobbies?: number };
  traffic?: Record<string, number>;
  system?: { memory_mb?: number; cpu_percent?: number; event_loop_lag_ms?: number };
}

/** Everything a run reports. */
export interface LoadResult {
  options: RunOptions;
  target: string;
  /** Lobby setup over HTTP: how many players got a seat, and the failures by kind. */
  setup: { seconds: number; seated: number; errors: Record<string, number> };
  /**
   * Why the figures do not describe the run that was asked for, in words; empty when they do.
   * A run with problems is not a measurement of the server at the requested load.
   */
  problems: string[];
  connects: {
    attempted: number;
    connected: number;
    seconds: number;
    /** 4003 refusals by reason (`server_full`, `lobby_full`). */
    rejected: Record<string, number>;
    /** The in-band error message sent with each 4003 reason (one example per reason). */
    rejectionMessages: Record<string, string>;
    /** Other failed connects by `"<close code> <reason>"`. */
    failed: Record<string, number>;
  };
  /** Sockets the server closed while the run was going on, by `"<code> <reason>"`. */
  unexpectedCloses: Record<string, number>;
  messages: { sent: number; received: number; sentPerSecond: number; receivedPerSecond: number };
  delivery: Omit<DeliverySummary, "latencyMs">;
  latencyMs: LatencySummary;
  tester: {
    cpuSeconds: number;
    wallSeconds: number;
    /** CPU over wall time of the send window and drain, in percent of one core. */
    cpuPercent: number;
    /** False when the tester used more than {@link MAX_TESTER_CPU_PERCENT}% of a core. */
    valid: boolean;
    /** How far sends fell behind their schedule. */
    sendLagMs: { p99: number; max: number };
  };
  /** The whole machine over the window (Linux only; null elsewhere). */
  machine: {
    cores: number;
    /** Busy CPU of every process, in percent of one core (200 = both cores of two busy). */
    busyPercent: number;
    /** Busy CPU of processes other than the tester and the server it started. */
    othersPercent: number | null;
    /** False when others used more than {@link MAX_OTHERS_CPU_PERCENT}% of a core. */
    quiet: boolean;
  } | null;
  server: {
    /** CPU seconds over the window (from /proc when the tester started the server). */
    cpuSeconds: number | null;
    cpuPercent: number | null;
    /** Server CPU per position update delivered to another player, in µs. */
    cpuMicrosPerUpdate: number | null;
    /** Figures from `/health/detailed` after the run (traffic as deltas over the run). */
    health: {
      connections: number | null;
      memoryMb: number | null;
      cpuPercent: number | null;
      eventLoopLagMs: number | null;
      traffic: Record<string, number>;
    } | null;
  };
}

/** Computes the report of `run`. */
export function summarize(run: LoadRun): LoadResult {
  const participating = run.connectOutcomes.map((o) => o?.ok === true);
  const { latencyMs, ...delivery } = run.tracker.summary(participating);
  const rejected: Record<string, number> = {};
  const rejectionMessages: Record<string, string> = {};
  const failed: Record<string, number> = {};
  let attempted = 0;
  for (const outcome of run.connectOutcomes) {
    if (outcome === null) continue;
    attempted++;
    if (outcome.ok) continue;
    if (outcome.closeCode === 4003) {
      const reason = outcome.closeReason || outcome.errorCode || "unknown";
      rejected[reason] = (rejected[reason] ?? 0) + 1;
      rejectionMessages[reason] ??= outcome.errorMessage;
    } else {
      const key = `${outcome.closeCode} ${outcome.closeReason || outcome.errorCode}`.trim();
      failed[key] = (failed[key] ?? 0) + 1;
    }
  }
  const seated = run.seats.filter((seat) => seat !== null).length;
  const { timings, window } = run;
  const wall = timings.windowSeconds;
  const testerPercent = wall > 0 ? (100 * window.testerCpuSeconds) / wall : 0;
  const serverCpu = window.serverCpuSeconds;
  const samples = run.health.cpuSamples;
  const serverPercent = serverCpu !== null && wall > 0
    ? (100 * serverCpu) / wall
    : samples.length > 0
    ? samples.reduce((a, b) => a + b, 0) / samples.length
    : null;
  const lag = run.sendLag.summary();
  const busy = window.machineBusySeconds;
  const others = busy === null || serverCpu === null
    ? null
    : busy - window.testerCpuSeconds - serverCpu;
  const othersPercent = others === null || wall <= 0 ? null : Math.max(0, (100 * others) / wall);
  return {
    options: run.options,
    target: run.target.url,
    setup: { seconds: _round(timings.seatSeconds), seated, errors: run.setupErrors },
    problems: _problems({
      players: run.options.players,
      seated,
      setupErrors: run.setupErrors,
      testerPercent,
    }),
    connects: {
      attempted,
      connected: participating.filter(Boolean).length,
      seconds: _round(timings.connectSeconds),
      rejected,
      rejectionMessages,
      failed,
    },
    unexpectedCloses: run.unexpectedCloses,
    messages: {
      sent: window.sent,
      received: window.received,
      sentPerSecond: timings.sendSeconds > 0 ? Math.round(window.sent / timings.sendSeconds) : 0,
      receivedPerSecond: wall > 0 ? Math.round(window.received / wall) : 0,
    },
    delivery,
    latencyMs,
    tester: {
      cpuSeconds: _round(window.testerCpuSeconds),
      wallSeconds: _round(wall),
      cpuPercent: _round(testerPercent),
      valid: testerPercent <= MAX_TESTER_CPU_PERCENT,
      sendLagMs: { p99: lag.p99, max: lag.max },
    },
    machine: busy === null || wall <= 0 ? null : {
      cores: window.cores,
      busyPercent: _round((100 * busy) / wall),
      othersPercent: othersPercent === null ? null : _round(othersPercent),
      quiet: othersPercent === null || othersPercent <= MAX_OTHERS_CPU_PERCENT,
    },
    server: {
      cpuSeconds: serverCpu === null ? null : _round(serverCpu),
      cpuPercent: serverPercent === null ? null : _round(serverPercent),
      cpuMicrosPerUpdate: serverCpu !== null && delivery.updatesReceived > 0
        ? _round((serverCpu * 1e6) / delivery.updatesReceived)
        : null,
      health: _health(run.health.before, run.health.after),
    },
  };
}

function _problems(
  r: {
    players: number;
    seated: number;
    setupErrors: Record<string, number>;
    testerPercent: number;
  },
): string[] {
  const problems: string[] = [];
  if (r.testerPercent > MAX_TESTER_CPU_PERCENT) {
    problems.push(
      `the load tester used ${_round(r.testerPercent)}% of a core (over ` +
        `${MAX_TESTER_CPU_PERCENT}%), so it measured itself; use fewer players or a second machine`,
    );
  }
  if (r.seated < r.players) {
    const kinds = Object.entries(r.setupErrors).map(([kind, n]) => `${n} ${kind}`).join(", ");
    const limited = Object.keys(r.setupErrors).some((kind) => kind.includes("429"));
    problems.push(
      `only ${r.seated} of ${r.players} players got a seat (${kinds || "no answer"})` +
        (limited
          ? "; the server's HTTP rate limits turned the setup away: on a test deployment raise " +
            "RATE_LIMIT_LOBBY_CREATE, RATE_LIMIT_LOBBY_JOIN and RATE_LIMIT_API, as the load " +
            "tester does for a server it starts"
          : ""),
    );
  }
  return problems;
}

function _health(
  before: ServerHealth | null,
  after: ServerHealth | null,
): LoadResult["server"]["health"] {
  if (after === null) return null;
  const traffic: Record<string, number> = {};
  for (const [key, value] of Object.entries(after.traffic ?? {})) {
    traffic[key] = value - (before?.traffic?.[key] ?? 0);
  }
  return {
    connections: after.connections?.total_connections ?? null,
    memoryMb: after.system?.memory_mb ?? null,
    cpuPercent: after.system?.cpu_percent ?? null,
    eventLoopLagMs: after.system?.event_loop_lag_ms ?? null,
    traffic,
  };
}

function _round(value: number): number {
  return Math.round(value * 100) / 100;
}
