/**
 * Renders {@link MetricFamily} snapshots in the Prometheus text exposition format 0.0.4, the
 * body of `GET /metrics`. Serve it with {@link PROMETHEUS_CONTENT_TYPE}.
 *
 * @example
 * ```ts
 * toPrometheusText([{
 *   name: "lobbies_created_total",
 *   help: "Lobbies created.",
 *   type: "counter",
 *   samples: [{ labels: {}, value: 1 }],
 * }]);
 * // # HELP lobbies_created_total Lobbies created.
 * // # TYPE lobbies_created_total counter
 * // lobbies_created_total 1
 * ```
 *
 * @module
 */
import type { Labels, MetricFamily } from "./metrics.ts";

/** The `Content-Type` Prometheus expects for this format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Renders `families` as Prometheus text, one `# HELP` and `# TYPE` per family before its
 * samples. Two families with the same name are a `TypeError`, because Prometheus rejects the
 * whole scrape when a name repeats.
 *
 * @example
 * ```ts
 * toPrometheusText([{ name: "up", help: "Is it up.", type: "gauge", samples: [] }]);
 * // "# HELP up Is it up.\n# TYPE up gauge\n"
 * ```
 */
export function toPrometheusText(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    if (seen.has(family.name)) {
      throw new TypeError(`metric family "${family.name}" appears twice`);
    }
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${_escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples) lines.push(_line(family.name, s.labels, s.value));
  }
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/**
 * Formats a sample value the way Prometheus parses it: `NaN`, `+Inf`, `-Inf`, else the
 * shortest decimal that round-trips.
 *
 * @example
 * ```ts
 * formatValue(Infinity); // "+Inf"
 * formatValue(0.25); // "0.25"
 * ```
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function _line(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${_escapeLabelValue(v)}"`);
  const set = pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
  return `${name}${set} ${formatValue(value)}`;
}

function _escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

function _escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === "\n" ? "\\n" : "\\\\"));
}
