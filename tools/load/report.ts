/**
 * The load report as text for people (`deno task load`) or JSON for scripts (`--json`).
 *
 * @example
 * ```ts
 * console.log(formatReport(result));
 * ```
 */
import { type LoadResult, MAX_OTHERS_CPU_PERCENT, MAX_TESTER_CPU_PERCENT } from "./result.ts";

/** The run as a few lines of text; the first line says whether the run is valid. */
export function formatReport(result: LoadResult): string {
  const { options: o, connects, messages, delivery, latencyMs: lat, tester, server } = result;
  const lines: string[] = [];
  const targets = `p99 under ${o.maxP99Ms ?? 100} ms and delivery at least ` +
    `${o.minDeliveryPercent ?? 99.9}%`;
  lines.push(
    result.verdict === "PASS"
      ? `RESULT: PASS (${targets}; every player connected; the tester used ` +
        `${tester.cpuPercent}% of a core, under the ${MAX_TESTER_CPU_PERCENT}% above which it ` +
        `would measure itself)`
      : result.verdict === "FAIL"
      ? `RESULT: FAIL: ${result.failures.join("; ")} (a valid run: every player connected)`
      : `RESULT: INVALID: ${result.problems.join("; and ")}`,
  );
  lines.push(
    `target ${result.target}: ${o.players} players in lobbies of ${o.lobbySize}, ` +
      `${o.hz} Hz for ${o.seconds} s`,
  );
  lines.push(
    `setup: ${result.setup.seated}/${o.players} seated in ${result.setup.seconds} s` +
      _errors(result.setup.errors),
  );
  lines.push(
    `connects: ${connects.connected}/${connects.attempted} in ${connects.seconds} s; ` +
      `4003 ${_counts(connects.rejected)}; other failures ${_counts(connects.failed)}`,
  );
  for (const [reason, message] of Object.entries(connects.rejectionMessages)) {
    lines.push(`  4003 ${reason}: "${message}"`);
  }
  lines.push(`closes by the server during the run: ${_counts(result.unexpectedCloses)}`);
  lines.push(
    `messages: out ${messages.sentPerSecond}/s (${messages.sent}), ` +
      `in ${messages.receivedPerSecond}/s (${messages.received})`,
  );
  lines.push(
    `delivery: ${(delivery.ratio * 100).toFixed(3)}% (${delivery.delivered}/${delivery.expected} ` +
      `moves reached each other member of their lobby within ${delivery.deadlineMs} ms; ` +
      `late ${delivery.late}, missed ${delivery.missed})`,
  );
  lines.push(
    `latency ms: p50 ${lat.p50} p90 ${lat.p90} p99 ${lat.p99} max ${lat.max} ` +
      `(mean ${lat.mean}; ${lat.count} samples, one per newer position a player received: ` +
      `the server sends only the latest move per tick, so a sample can cover several moves)`,
  );
  lines.push(
    `tester: cpu ${tester.cpuPercent}% of a core (${tester.cpuSeconds} s over ${tester.wallSeconds} s); ` +
      `send lag p99 ${tester.sendLagMs.p99} ms, max ${tester.sendLagMs.max} ms`,
  );
  const cpu = server.cpuSeconds === null
    ? server.cpuPercent === null
      ? "unknown"
      : `~${server.cpuPercent}% of a core (mean of /health/detailed samples during the run)`
    : `${server.cpuSeconds} s (${server.cpuPercent}% of a core)`;
  const perUpdate = server.cpuMicrosPerUpdate === null
    ? ""
    : `, ${server.cpuMicrosPerUpdate} µs per delivered update`;
  lines.push(
    `server: cpu ${cpu}${perUpdate}; ${delivery.updatesReceived} updates delivered to others`,
  );
  const m = result.machine;
  if (m) {
    const others = m.othersPercent === null ? "" : `; others ${m.othersPercent}%`;
    const noisy = m.quiet
      ? ""
      : ` NOISY: other processes used over ${MAX_OTHERS_CPU_PERCENT}% of a core`;
    // Without a pid (--url) the server is elsewhere: these figures are the tester's machine.
    const which = server.cpuSeconds === null ? "tester's machine" : "machine";
    lines.push(`${which}: ${m.cores} cores, busy ${m.busyPercent}% of a core${others}${noisy}`);
  }
  const h = server.health;
  if (h) {
    lines.push(
      `server /health/detailed after the run: ${h.connections} connections, ${h.memoryMb} MB ` +
        `RSS, cpu ${h.cpuPercent}% (last second), event loop lag ${h.eventLoopLagMs} ms`,
    );
    lines.push(`  traffic over the run: ${_counts(h.traffic)}`);
  } else if (server.unavailable) {
    lines.push(`server /health/detailed: unavailable (${server.unavailable})`);
  }
  return lines.join("\n");
}

/** The run as pretty JSON. */
export function formatJson(result: LoadResult): string {
  return JSON.stringify(result, null, 2);
}

function _counts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k}: ${v}`).join(", ");
}

function _errors(errors: Record<string, number>): string {
  return Object.keys(errors).length === 0 ? "" : `; errors ${_counts(errors)}`;
}
