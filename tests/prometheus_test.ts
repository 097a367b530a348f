import assert from "node:assert/strict";
import { MetricsRegistry } from "../lib/metrics.ts";
import { formatValue, toPrometheusText } from "../lib/prometheus.ts";

// The grammar of text format 0.0.4, one regex per kind of line.
const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL_VALUE = String.raw`"(?:[^"\\\n]|\\[\\"n])*"`;
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}`;
const VALUE = String.raw`(?:NaN|[+-]Inf|[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)`;
const HELP_LINE = new RegExp(String.raw`^# HELP (${NAME}) (?:[^\\\n]|\\[\\n])*$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{${LABEL}(?:,${LABEL})*\\})? ${VALUE}$`);

function realisticText(): string {
  const registry = new MetricsRegistry();
  const requests = registry.counter("http_requests_total", "HTTP requests.\nBy route.", {
    labelNames: ["route", "status"],
  });
  requests.inc({ route: "/api/lobbies", status: "201" }, 3);
  requests.inc({ route: 'C:\\path "quoted"\nnext', status: "404" });
  registry.counter("ws_rejected_total", String.raw`Rejected sockets (see C:\docs).`).inc();
  registry.gauge("ws_connections", "Open WebSockets.", { collect: () => 42 });
  const odd = registry.gauge("odd_values", "Edge values.", { labelNames: ["kind"] });
  odd.set(NaN, { kind: "nan" });
  odd.set(Infinity, { kind: "pos" });
  odd.set(-Infinity, { kind: "neg" });
  odd.set(1e21, { kind: "big" });
  odd.set(-0.000001, { kind: "tiny" });
  const latency = registry.histogram("request_seconds", "Request latency.", {
    buckets: [0.005, 0.05, 0.5, 5],
    labelNames: ["method"],
  });
  for (const v of [0.001, 0.01, 0.2, 3, 9]) latency.observe(v, { method: "GET" });
  latency.observe(0.02, { method: "POST" });
  return toPrometheusText(registry.collect());
}

Deno.test("toPrometheusText() output matches the text format on every line", () => {
  const text = realisticText();
  assert.ok(text.endsWith("\n"), "the last line ends with a newline");
  const lines = text.slice(0, -1).split("\n");
  const typed = new Map<string, string>();
  const helped = new Set<string>();
  let current: string | undefined;

  for (const line of lines) {
    const help = HELP_LINE.exec(line);
    const type = TYPE_LINE.exec(line);
    const sample = SAMPLE_LINE.exec(line);
    if (help) {
      assert.ok(!helped.has(help[1]!), `family ${help[1]} repeats`);
      helped.add(help[1]!);
      current = help[1];
    } else if (type) {
      assert.equal(type[1], current, "TYPE follows its family's HELP");
      assert.ok(!typed.has(type[1]!), `family ${type[1]} repeats`);
      typed.set(type[1]!, type[2]!);
    } else if (sample) {
      const name = sample[1]!;
      const family = typed.get(current ?? "") === "histogram"
        ? name.replace(/_(bucket|sum|count)$/, "")
        : name;
      assert.equal(family, current, `sample ${name} belongs to the family typed above it`);
      assert.ok(typed.has(family), `TYPE of ${family} precedes its samples`);
    } else {
      assert.fail(`line does not match the format: ${JSON.stringify(line)}`);
    }
  }
  assert.deepEqual([...typed.keys()], [
    "http_requests_total",
    "ws_rejected_total",
    "ws_connections",
    "odd_values",
    "request_seconds",
  ]);
});

Deno.test("toPrometheusText() escapes label values and help text", () => {
  const text = realisticText();
  assert.ok(text.includes("# HELP http_requests_total HTTP requests.\\nBy route.\n"));
  assert.ok(text.includes(String.raw`# HELP ws_rejected_total Rejected sockets (see C:\\docs).`));
  assert.ok(
    text.includes(String.raw`{route="C:\\path \"quoted\"\nnext",status="404"} 1`),
    text,
  );
});

Deno.test("toPrometheusText() writes histograms as cumulative buckets, +Inf, sum and count", () => {
  const lines = realisticText().split("\n").filter((l) => l.startsWith("request_seconds"));
  assert.deepEqual(lines, [
    'request_seconds_bucket{method="GET",le="0.005"} 1',
    'request_seconds_bucket{method="GET",le="0.05"} 2',
    'request_seconds_bucket{method="GET",le="0.5"} 3',
    'request_seconds_bucket{method="GET",le="5"} 4',
    'request_seconds_bucket{method="GET",le="+Inf"} 5',
    'request_seconds_sum{method="GET"} 12.211',
    'request_seconds_count{method="GET"} 5',
    'request_seconds_bucket{method="POST",le="0.005"} 0',
    'request_seconds_bucket{method="POST",le="0.05"} 1',
    'request_seconds_bucket{method="POST",le="0.5"} 1',
    'request_seconds_bucket{method="POST",le="5"} 1',
    'request_seconds_bucket{method="POST",le="+Inf"} 1',
    'request_seconds_sum{method="POST"} 0.02',
    'request_seconds_count{method="POST"} 1',
  ]);
});

Deno.test("toPrometheusText() writes NaN and infinities the way Prometheus reads them", () => {
  const text = realisticText();
  assert.ok(text.includes('odd_values{kind="nan"} NaN\n'));
  assert.ok(text.includes('odd_values{kind="pos"} +Inf\n'));
  assert.ok(text.includes('odd_values{kind="neg"} -Inf\n'));
  assert.equal(formatValue(1e21), "1e+21");
  assert.equal(formatValue(-0.000001), "-0.000001");
  assert.equal(formatValue(3), "3");
});

Deno.test("toPrometheusText() refuses a family name twice and renders nothing as empty", () => {
  const family = { name: "up", help: "Up.", type: "gauge" as const, samples: [] };
  assert.throws(() => toPrometheusText([family, family]), TypeError);
  assert.equal(toPrometheusText([]), "");
  assert.equal(toPrometheusText([family]), "# HELP up Up.\n# TYPE up gauge\n");
});
