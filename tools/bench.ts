/**
 * `deno task bench`: the benchmarks of the issue "prove 500 players and find the ceiling",
 * each comparison measured side by side in one run on this machine, printed as markdown
 * (or JSON with `--json`). `--quick` shortens every run; `--only a,b` picks sections from
 * `compare,ticks,ceiling,memory,profile`. Every run starts a fresh server process and waits
 * (at most 30 s) for other processes to leave the CPU mostly idle first.
 */
import { summarizeProfile } from "./bench/cpu_profile.ts";
import { memoryTable, profileTable, runsTable } from "./bench/markdown.ts";
import {
  BARE,
  measure,
  measureMemory,
  type Measurement,
  type MemoryMeasurement,
  type Scenario,
  SERVER,
} from "./bench/scenarios.ts";

const SECTIONS = ["compare", "ticks", "ceiling", "memory", "profile"] as const;
type Section = typeof SECTIONS[number];

const args = Deno.args;
const quick = args.includes("--quick");
const json = args.includes("--json");
const onlyIndex = args.findIndex((a) => a === "--only" || a.startsWith("--only="));
const onlyArg = onlyIndex < 0
  ? null
  : args[onlyIndex]!.includes("=")
  ? args[onlyIndex]!.split("=")[1]!
  : args[onlyIndex + 1] ?? "";
const sections = new Set<Section>(
  onlyArg === null
    ? SECTIONS
    : onlyArg.split(",").filter((s): s is Section => (SECTIONS as readonly string[]).includes(s)),
);
if (sections.size === 0) {
  console.error(`--only takes a comma-separated list of ${SECTIONS.join(", ")}`);
  Deno.exit(2);
}

const seconds = quick ? 3 : 10;
const ceilingSteps = quick ? [500, 1000, 2000] : [500, 1000, 1500, 2000, 2500, 3000, 4000];
const memoryPlayers = quick ? 500 : 1000;
const started = performance.now();
const log = (line: string) => {
  const t = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[K[bench ${t}s] ${line.slice(0, 150)}`));
};
const base = { lobbySize: 10, seconds };
const out: string[] = [];
const results: Record<string, unknown> = {};

if (sections.has("compare")) {
  const runs: Measurement[] = [];
  for (const script of [SERVER, BARE] as const) {
    runs.push(
      await measure({
        ...base,
        label: "500 @ 20 Hz",
        script,
        players: 500,
        hz: 20,
        broadcastHz: 20,
      }, log),
    );
  }
  results.compare = runs;
  const [server, bare] = runs.map((m) => m.result.server.cpuMicrosPerUpdate ?? NaN) as [
    number,
    number,
  ];
  out.push(
    "## Server vs bare relay (500 players, 20 Hz input, 20 Hz tick)",
    runsTable(runs),
    `Server CPU per delivered update: ${server.toFixed(2)} µs (bare relay ${bare.toFixed(2)} µs, ` +
      `${(server / bare).toFixed(2)}x); target < 2 µs.`,
  );
}

if (sections.has("ticks")) {
  const runs: Measurement[] = [];
  for (const tick of [20, 30, 60]) {
    runs.push(
      await measure({
        ...base,
        label: `tick ${tick}`,
        script: SERVER,
        players: 500,
        hz: 60,
        broadcastHz: tick,
      }, log),
    );
  }
  results.ticks = runs;
  out.push(
    "## Tick rates (500 players, 60 Hz input)",
    runsTable(runs, _target("p99 < 50 ms", (m) => m.result.latencyMs.p99 < 50)),
  );
}

if (sections.has("ceiling")) {
  const runs: Measurement[] = [];
  let stop = "every step passed (the list of steps is bounded)";
  for (const players of ceilingSteps) {
    const scenario: Scenario = {
      ...base,
      label: `${players} players`,
      script: SERVER,
      players,
      hz: 20,
      broadcastHz: 20,
    };
    let m = await measure(scenario, log);
    // A failure while other processes were busy says little: run that step once more.
    if (!_passes(m) && m.result.machine && !m.result.machine.quiet) {
      m = await measure(scenario, log);
    }
    runs.push(m);
    if (!m.result.tester.valid) {
      stop =
        `stopped at ${players}: the load tester used ${m.result.tester.cpuPercent}% of a core, so it measured itself`;
      break;
    }
    if (!_passes(m)) {
      stop = `stopped at ${players}: p99 ${m.result.latencyMs.p99} ms, delivery ` +
        `${
          (m.result.delivery.ratio * 100).toFixed(2)
        }%, connected ${m.result.connects.connected}/${players}`;
      break;
    }
  }
  results.ceiling = runs;
  const passed = runs.filter((m) => m.result.tester.valid && _passes(m)).map((m) =>
    m.scenario.players
  );
  out.push(
    "## Ceiling (20 Hz input, 20 Hz tick; pass: p99 < 100 ms, delivery >= 99.9%, all connected)",
    runsTable(runs, { title: "pass", cell: (m) => (_passes(m) ? "pass" : "FAIL") }),
    `Largest passing step: ${passed.length > 0 ? Math.max(...passed) : "none"} players; ${stop}.`,
  );
}

if (sections.has("memory")) {
  const rows: MemoryMeasurement[] = [];
  for (const script of [SERVER, BARE]) rows.push(await measureMemory(script, memoryPlayers, log));
  results.memory = rows;
  out.push("## Memory per connected idle player", memoryTable(rows));
}

if (sections.has("profile")) {
  const dir = await Deno.makeTempDir({ prefix: "lobby-cpuprof-" });
  try {
    const m = await measure(
      {
        ...base,
        label: "profile",
        script: SERVER,
        players: 500,
        hz: 20,
        broadcastHz: 20,
        denoFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
      },
      log,
    );
    const file = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith(".cpuprofile"));
    if (!file) throw new Error("the server wrote no CPU profile");
    const profile = JSON.parse(await Deno.readTextFile(`${dir}/${file.name}`));
    const summary = summarizeProfile(profile, { limit: 25, ...m.serverWindowMs });
    results.profile = { run: m, summary };
    const busy = summary.sampledMs - summary.idleMs;
    out.push(
      "## Server CPU profile (500 players, 20 Hz input, 20 Hz tick, `--cpu-prof`, main thread)",
      runsTable([m]),
      `Measuring window only: sampled ${summary.sampledMs} ms, busy ${busy} ms ` +
        `(${((100 * busy) / Math.max(1, summary.sampledMs)).toFixed(0)}% of the main thread). ` +
        `Busy time by kind: ${
          summary.categories.map((c) => `${c.category} ${c.percent}%`).join(", ")
        }.`,
      profileTable(summary.rows),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
const cores = navigator.hardwareConcurrency;
const header =
  `# Benchmarks (${quick ? "quick" : "full"}; ${cores} cores; deno ${Deno.version.deno}; ` +
  `${((performance.now() - started) / 1000).toFixed(0)} s)`;
console.log(
  json ? JSON.stringify({ quick, cores, results }, null, 2) : [header, ...out].join("\n\n"),
);

function _passes(m: Measurement): boolean {
  const r = m.result;
  return r.latencyMs.p99 < 100 && r.delivery.ratio >= 0.999 &&
    r.connects.connected === m.scenario.players;
}

function _target(title: string, ok: (m: Measurement) => boolean) {
  return { title, cell: (m: Measurement) => (ok(m) ? "met" : "missed") };
}
