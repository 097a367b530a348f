import assert from "node:assert/strict";
import type { MetricFamily } from "../lib/metrics.ts";
import { formatValue, toPrometheusText } from "../lib/prometheus.ts";

// The grammar of text format 0.0.4, one regex per kind of line.
const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL_VALUE = String.raw`"(?:[^"\\\n]|\\[\\"n])*"`;
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}`;
const VALUE = String.raw`(?:NaN|[+-]Inf|[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)`;
const HELP_LINE = new RegExp(String.raw`^# HELP (${NAME}) (?:[^\\\n]|\\[\\n])*$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{${LABEL}(?:,${LABEL})*\\})? ${VALUE}$`);

/** Families as the health reporter makes them, with every awkward value a label or help can hold. */
function realisticText(): string {
  const families: MetricFamily[] = [
    {
      name: "http_requests_total",
      help: "HTTP requests.\nBy route.",
      type: "counter",
      samples: [
        { labels: { route: "/api/lobbies", status: "201" }, value: 3 },
        { labels: { route: 'C:\\path "quoted"\nnext', status: "404" }, value: 1 },
      ],
    },
    {
      name: "ws_rejected_total",
      help: String.raw`Rejected sockets (see C:\docs).`,
      type: "counter",
      samples: [{ labels: {}, value: 1 }],
    },
    {
      name: "ws_connections",
      help: "Open WebSockets.",
      type: "gauge",
      samples: [{ labels: {}, value: 42 }],
    },
    {
      name: "odd_values",
      help: "Edge values.",
      type: "gauge",
      samples: [
        { labels: { kind: "nan" }, value: NaN },
        { labels: { kind: "pos" }, value: Infinity },
        { labels: { kind: "neg" }, value: -Infinity },
        { labels: { kind: "big" }, value: 1e21 },
        { labels: { kind: "tiny" }, value: -0.000001 },
      ],
    },
  ];
  return toPrometheusText(families);
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
      assert.equal(name, current, `sample ${name} belongs to the family typed above it`);
      assert.ok(typed.has(name), `TYPE of ${name} precedes its samples`);
    } else {
      assert.fail(`line does not match the format: ${JSON.stringify(line)}`);
    }
  }
  assert.deepEqual([...typed.keys()], [
    "http_requests_total",
    "ws_rejected_total",
    "ws_connections",
    "odd_values",
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
