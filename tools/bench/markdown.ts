/**
 * The benchmark's markdown: one table shape for every load run, and small tables for memory
 * and the CPU profile.
 *
 * @example
 * ```ts
 * console.log(table(["a", "b"], [["1", "2"]]));
 * ```
 */
import type { SelfTimeRow } from "./cpu_profile.ts";
import type { Measurement, MemoryMeasurement } from "./scenarios.ts";

/** A markdown table; cells are escaped for `|`. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const _RUN_HEADER = [
  "run",
  "relay",
  "players",
  "input Hz",
  "tick Hz",
  "connected",
  "server CPU",
  "CPU µs / delivered update",
  "p50 ms",
  "p99 ms",
  "max ms",
  "delivery",
  "server loop lag ms",
  "tester CPU",
  "tester send lag p99 ms",
  "others' CPU",
  "valid",
];

/** One row per load run; `extra` adds a last column (a verdict). */
export function runsTable(
  measurements: Measurement[],
  extra?: { title: string; cell(m: Measurement): string },
): string {
  const header = extra ? [..._RUN_HEADER, extra.title] : _RUN_HEADER;
  const rows = measurements.map((m) => {
    const { scenario: s, result: r } = m;
    const others = r.machine?.othersPercent;
    const row = [
      s.label,
      s.script === "main.ts" ? "server" : "bare relay",
      String(s.players),
      String(s.hz),
      String(s.broadcastHz),
      `${r.connects.connected}/${r.connects.attempted}`,
      r.server.cpuPercent === null ? "?" : `${r.server.cpuPercent.toFixed(0)}%`,
      r.server.cpuMicrosPerUpdate === null ? "?" : r.server.cpuMicrosPerUpdate.toFixed(2),
      r.latencyMs.p50.toFixed(1),
      r.latencyMs.p99.toFixed(1),
      r.latencyMs.max.toFixed(1),
      `${(r.delivery.ratio * 100).toFixed(2)}%`,
      // The bare relay has no /health/detailed to ask.
      r.server.health?.eventLoopLagMs?.toFixed(0) ?? "n/a",
      `${r.tester.cpuPercent.toFixed(0)}%`,
      r.tester.sendLagMs.p99.toFixed(0),
      others === null || others === undefined ? "?" : `${others.toFixed(0)}%`,
      _validity(m),
    ];
    return extra ? [...row, extra.cell(m)] : row;
  });
  return table(header, rows);
}

/** The memory table. */
export function memoryTable(rows: MemoryMeasurement[]): string {
  return table(
    [
      "relay",
      "idle players",
      "baseline RSS MB",
      "RSS MB at half",
      "RSS MB at all",
      "per player KiB",
      "marginal KiB",
    ],
    rows.map((m) => [
      m.script === "main.ts" ? "server" : "bare relay",
      `${m.connected}/${m.players}`,
      m.baselineMb.toFixed(1),
      m.halfMb.toFixed(1),
      m.fullMb.toFixed(1),
      m.perPlayerKb.toFixed(1),
      m.marginalKb.toFixed(1),
    ]),
  );
}

/** The CPU profile's top functions. */
export function profileTable(rows: SelfTimeRow[]): string {
  return table(
    ["% of busy", "self ms", "function", "where", "kind"],
    rows.map((r) => [
      r.percent.toFixed(1),
      r.selfMs.toFixed(0),
      `\`${r.name}\``,
      r.location ? `\`${r.location}\`` : "",
      r.category,
    ]),
  );
}

function _validity(m: Measurement): string {
  const notes: string[] = [];
  if (!m.result.tester.valid) notes.push("INVALID (tester > 80%)");
  else if (m.result.problems.length > 0) notes.push("INVALID (see problems in --json)");
  if (m.result.machine && !m.result.machine.quiet) notes.push("noisy");
  return notes.length === 0 ? "yes" : notes.join(", ");
}
