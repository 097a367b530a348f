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
  /**
   * PASS: valid, p99 under `maxP99Ms` and delivery at least `minDeliveryPercent`. FAIL: valid,
   * but not. INVALID: there are {@link problems}.
   */
  verdict: "PASS" | "FAIL" | "INVALID";
  /** Why a valid run failed, in words; empty otherwise. */
  failures: string[];
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
    /** Why there are no figures from `/health/detailed`, when there are none. */
    unavailable: string | null;
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
  const health = _health(run.health.before, run.health.after);
  const connected = participating.filter(Boolean).length;
  const problems = _problems({
    hz: run.options.hz,
    players: run.options.players,
    seated,
    connected,
    setupErrors: run.setupErrors,
    rejected,
    failed,
    testerPercent,
    droppedByServer: health?.traffic.ws_messages_rate_limited_total ?? 0,
    rateLimitNotices: run.counters.rateLimitNotices ?? 0,
    messagesIn: health?.traffic.messages_in_total ?? 0,
  });
  const failures = _failures(run.options, latencyMs.p99, delivery.ratio);
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
    // The token is a secret: a report may be pasted anywhere.
    options: { ...run.options, ...(run.options.healthToken ? { healthToken: "(given)" } : {}) },
    target: run.target.url,
    setup: { seconds: _round(timings.seatSeconds), seated, errors: run.setupErrors },
    problems,
    verdict: problems.length > 0 ? "INVALID" : failures.length > 0 ? "FAIL" : "PASS",
    failures,
    connects: {
      attempted,
      connected,
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
      health,
      unavailable: run.health.unavailable,
    },
  };
}

function _problems(r: {
  hz: number;
  players: number;
  seated: number;
  connected: number;
  setupErrors: Record<string, number>;
  rejected: Record<string, number>;
  failed: Record<string, number>;
  testerPercent: number;
  droppedByServer: number;
  rateLimitNotices: number;
  messagesIn: number;
}): string[] {
  const problems: string[] = [];
  const list = (counts: Record<string, number>) =>
    Object.entries(counts).map(([kind, n]) => `${n} ${kind}`).join(", ");
  if (r.testerPercent > MAX_TESTER_CPU_PERCENT) {
    problems.push(
      `the load tester used ${_round(r.testerPercent)}% of a core (over ` +
        `${MAX_TESTER_CPU_PERCENT}%), so it measured itself; use fewer players or a second machine`,
    );
  }
  if (r.seated < r.players) {
    const kinds = Object.keys(r.setupErrors);
    const hints = [
      kinds.some((k) => k.includes(" 429 ")) &&
      "the server's HTTP rate limits turned the setup away: on a test deployment raise " +
        "RATE_LIMIT_LOBBY_CREATE, RATE_LIMIT_LOBBY_JOIN and RATE_LIMIT_API, as the load tester " +
        "does for a server it starts",
      kinds.some((k) => k.includes("lobby_full")) &&
      "lobbies filled up: raise MAX_PLAYERS_PER_LOBBY to the --lobby-size",
      kinds.some((k) => k.includes("unreachable")) && "the server could not be reached",
    ].filter(Boolean);
    problems.push(
      `only ${r.seated} of ${r.players} players got a seat (${
        list(r.setupErrors) || "no answer"
      })` +
        hints.map((hint) => `; ${hint}`).join(""),
    );
  }
  if (r.connected < r.seated) {
    const refused = list({ ...r.rejected, ...r.failed });
    const hints = [
      r.rejected.server_full && "raise MAX_WEBSOCKET_CONNECTIONS to the players",
      r.rejected.lobby_full && "raise MAX_CONNECTIONS_PER_LOBBY to the --lobby-size",
    ].filter(Boolean);
    problems.push(
      `only ${r.connected} of ${r.seated} seated players connected (${refused || "no answer"})` +
        hints.map((hint) => `; ${hint}`).join(""),
    );
  }
  if (r.droppedByServer > 0 || r.rateLimitNotices > 0) {
    // The server's own count when /health/detailed answers; else its in-band notices (at most
    // one a second per socket) say that it dropped some, not how many.
    const how = r.droppedByServer > 0
      ? `dropped ${r.droppedByServer} of ${r.messagesIn} messages`
      : `sent ${r.rateLimitNotices} "rate_limited" notices (some messages were dropped)`;
    problems.push(
      `the server ${how} for its per-socket rate limit; raise RATE_LIMIT_WS_MESSAGES above ` +
        `--hz ${r.hz} (twice it leaves room for bursts)`,
    );
  }
  return problems;
}

function _failures(
  options: { maxP99Ms?: number; minDeliveryPercent?: number },
  p99: number,
  ratio: number,
): string[] {
  const maxP99 = options.maxP99Ms ?? 100;
  const minDelivery = options.minDeliveryPercent ?? 99.9;
  const failures: string[] = [];
  if (p99 >= maxP99) failures.push(`p99 ${p99} ms is not under ${maxP99} ms`);
  if (ratio * 100 < minDelivery) {
    failures.push(`delivery ${(ratio * 100).toFixed(3)}% is under ${minDelivery}%`);
  }
  return failures;
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
