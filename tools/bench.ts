/**
 * `deno task bench`: the benchmarks of the issue "prove 500 players and find the ceiling",
 * each comparison measured side by side in one run on this machine, printed as markdown
 * (or JSON with `--json`). `--quick` shortens every run; `--only a,b` picks sections from
 * `compare,ticks,ceiling,memory,profile`. Every run starts a fresh server process, waits
 * (at most 20 s) for other processes to leave the CPU mostly idle first, and is repeated (at
 * most twice, within a time budget) when other processes were busy during it anyway.
 *
 * Runs on one machine a few minutes apart differ by up to a third (seen here, with nothing else
 * running), so the comparisons run each configuration `--repeat` times (3; 1 with `--quick`),
 * interleaved so that a slow minute hurts every side alike, and compare medians.
 */
import { summarizeProfile } from "./bench/cpu_profile.ts";
import { memoryTable, profileTable, runsTable } from "./bench/markdown.ts";
import { progressWriter } from "./load/progress.ts";
import {
  BARE,
  measure,
  measureMemory,
  type Measurement,
  measureQuietly,
  type MemoryMeasurement,
  type Scenario,
  SERVER,
} from "./bench/scenarios.ts";

const SECTIONS = ["compare", "ticks", "ceiling", "memory", "profile"] as const;
type Section = typeof SECTIONS[number];

const sections = _sections(Deno.args);
const quick = Deno.args.includes("--quick");
const json = Deno.args.includes("--json");
const repeats = _repeats(Deno.args, quick ? 1 : 3);
const seconds = quick ? 3 : 10;
const ceilingSteps = quick ? [500, 1000, 2000] : [500, 750, 1000, 1250, 1500, 2000, 2500, 3000];
const memoryPlayers = quick ? 500 : 1000;
// Retries of noisy runs stop once the whole benchmark has used this much time.
const retryBudgetMs = (quick ? 3 : 12) * 60_000;
const started = performance.now();
const writer = progressWriter(() =>
  `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] `
);
const log = (line: string) => writer.update(line.slice(0, 150));
const run = (scenario: Omit<Scenario, "lobbySize" | "seconds">) =>
  measureQuietly({ lobbySize: 10, seconds, ...scenario }, log, {
    canRetry: () => performance.now() - started < retryBudgetMs,
  });
const out: string[] = [];
const results: Record<string, unknown> = {};
const steps: Record<Section, () => Promise<void>> = {
  compare: async () => {
    const runs: Measurement[] = [];
    for (let round = 1; round <= repeats; round++) {
      for (const script of [SERVER, BARE] as const) {
        runs.push(
          await run({
            label: _label("500 @ 20 Hz", round),
            script,
            players: 500,
            hz: 20,
            broadcastHz: 20,
          }),
        );
      }
    }
    results.compare = runs;
    const valid = (script: string) => runs.filter((m) => m.scenario.script === script && _valid(m));
    const perUpdate = (script: string) =>
      _median(valid(script).map((m) => m.result.server.cpuMicrosPerUpdate ?? NaN));
    const p99 = (script: string) => _median(valid(script).map((m) => m.result.latencyMs.p99));
    const [server, bare] = [perUpdate(SERVER), perUpdate(BARE)];
    out.push(
      "## Server vs bare relay (500 players, 20 Hz input, 20 Hz tick)",
      runsTable(runs),
      `${_medianOf(valid(SERVER).length, repeats)}: server CPU per delivered update ${
        server.toFixed(2)
      } µs, bare relay ` +
        `${bare.toFixed(2)} µs (${(server / bare).toFixed(2)}x); target < 2 µs. ` +
        `p99 ${p99(SERVER).toFixed(1)} ms (bare relay ${p99(BARE).toFixed(1)} ms).`,
    );
  },

  ticks: async () => {
    const runs: Measurement[] = [];
    const ticks = [20, 30, 60];
    for (let round = 1; round <= repeats; round++) {
      for (const tick of ticks) {
        runs.push(
          await run({
            label: _label(`tick ${tick}`, round),
            script: SERVER,
            players: 500,
            hz: 60,
            broadcastHz: tick,
          }),
        );
      }
    }
    results.ticks = runs;
    const target = {
      title: "p99 < 50 ms",
      cell: (m: Measurement) => (m.result.latencyMs.p99 < 50 ? "met" : "missed"),
    };
    const medians = ticks.map((tick) => {
      const mine = runs.filter((m) => m.scenario.broadcastHz === tick);
      const valid = mine.filter(_valid);
      const p99 = _median(valid.map((m) => m.result.latencyMs.p99));
      const cpu = _median(valid.map((m) => m.result.server.cpuPercent ?? NaN));
      return `tick ${tick}: p99 ${p99.toFixed(1)} ms, server CPU ${cpu.toFixed(0)}% ` +
        `(${_medianOf(valid.length, mine.length)})`;
    });
    out.push(
      "## Tick rates (500 players, 60 Hz input)",
      runsTable(runs, target),
      `Medians of the valid runs: ${medians.join("; ")}.`,
    );
  },

  ceiling: async () => {
    const runs: Measurement[] = [];
    let stop = "every step passed (the list of steps is bounded)";
    for (const players of ceilingSteps) {
      const m = await run({
        label: `${players} players`,
        script: SERVER,
        players,
        hz: 20,
        broadcastHz: 20,
      });
      runs.push(m);
      const r = m.result;
      if (!_valid(m)) {
        stop = `stopped at ${players}: the run is invalid: ${r.problems.join("; ")}`;
        break;
      }
      if (!_passes(m)) {
        const delivery = (r.delivery.ratio * 100).toFixed(2);
        stop = `stopped at ${players}: p99 ${r.latencyMs.p99} ms, delivery ${delivery}%, ` +
          `connected ${r.connects.connected}/${players}`;
        // The same step on the bare relay tells the server's limit from the machine's.
        runs.push(
          await run({
            label: `${players} players`,
            script: BARE,
            players,
            hz: 20,
            broadcastHz: 20,
          }),
        );
        break;
      }
    }
    results.ceiling = runs;
    const passed = runs
      .filter((m) => m.scenario.script === SERVER && _valid(m) && _passes(m))
      .map((m) => m.scenario.players);
    out.push(
      "## Ceiling (20 Hz input, 20 Hz tick; pass: p99 < 100 ms, delivery >= 99.9%, all connected)",
      "The bare relay runs only the first failing step, for comparison.",
      runsTable(runs, { title: "pass", cell: (m) => (_passes(m) ? "pass" : "FAIL") }),
      `Largest passing step: ${passed.length > 0 ? Math.max(...passed) : "none"} players; ${stop}.`,
    );
  },

  memory: async () => {
    const rows: MemoryMeasurement[] = [];
    for (const script of [SERVER, BARE]) rows.push(await measureMemory(script, memoryPlayers, log));
    results.memory = rows;
    out.push("## Memory per connected idle player", memoryTable(rows));
  },

  profile: async () => {
    const dir = await Deno.makeTempDir({ prefix: "lobby-cpuprof-" });
    try {
      const scenario: Scenario = {
        label: "profile",
        script: SERVER,
        players: 500,
        lobbySize: 10,
        hz: 20,
        seconds,
        broadcastHz: 20,
        denoFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
      };
      const m = await measure(scenario, log);
      const file = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith(".cpuprofile"));
      if (!file) throw new Error("the server wrote no CPU profile");
      const profile = JSON.parse(await Deno.readTextFile(`${dir}/${file.name}`));
      const summary = summarizeProfile(profile, { limit: 25, ...m.serverWindowMs });
      results.profile = { run: m, summary };
      const busy = summary.sampledMs - summary.idleMs;
      const kinds = summary.categories.map((c) => `${c.category} ${c.percent}%`).join(", ");
      out.push(
        "## Server CPU profile (500 players, 20 Hz input, 20 Hz tick, `--cpu-prof`, main thread)",
        runsTable([m]),
        `Measuring window only: sampled ${summary.sampledMs} ms, busy ${busy} ms ` +
          `(${((100 * busy) / Math.max(1, summary.sampledMs)).toFixed(0)}% of the main thread). ` +
          `Busy time by kind: ${kinds}.`,
        profileTable(summary.rows),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
};

for (const section of SECTIONS) {
  if (!sections.has(section)) continue;
  try {
    await steps[section]();
  } catch (error) {
    // One broken section (a server that would not start) must not lose the others' results.
    out.push(`## ${section}: FAILED`, "```\n" + String((error as Error)?.stack ?? error) + "\n```");
    results[section] = { error: String(error) };
  }
}

writer.done();
const cores = navigator.hardwareConcurrency;
const elapsed = ((performance.now() - started) / 1000).toFixed(0);
const mode = quick ? "quick" : "full";
const header = `# Benchmarks (${mode}; ${cores} cores; deno ${Deno.version.deno}; ${elapsed} s)`;
const report = json
  ? JSON.stringify({ quick, cores, results }, null, 2)
  : [header, ...out].join("\n\n");
console.log(report);

/** A run that measured what was asked: see `problems` of the load result. */
function _valid(m: Measurement): boolean {
  return m.result.problems.length === 0;
}

function _medianOf(valid: number, of: number): string {
  return valid === of
    ? (of === 1 ? "One run" : `Median of ${of}`)
    : `Median of ${valid} valid of ${of}`;
}

function _label(label: string, round: number): string {
  return repeats > 1 ? `${label} #${round}` : label;
}

function _median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function _repeats(args: readonly string[], fallback: number): number {
  const at = args.findIndex((a) => a === "--repeat" || a.startsWith("--repeat="));
  if (at < 0) return fallback;
  const raw = args[at]!.includes("=") ? args[at]!.slice("--repeat=".length) : args[at + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 9) {
    console.error("--repeat takes a whole number from 1 to 9");
    Deno.exit(2);
  }
  return n;
}

function _passes(m: Measurement): boolean {
  const r = m.result;
  return r.latencyMs.p99 < 100 && r.delivery.ratio >= 0.999 &&
    r.connects.connected === m.scenario.players;
}

function _sections(args: readonly string[]): Set<Section> {
  const at = args.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (at < 0) return new Set(SECTIONS);
  const list = args[at]!.includes("=") ? args[at]!.slice("--only=".length) : args[at + 1] ?? "";
  const chosen = list.split(",").filter((s): s is Section =>
    (SECTIONS as readonly string[]).includes(s)
  );
  if (chosen.length === 0) {
    console.error(`--only takes a comma-separated list of ${SECTIONS.join(", ")}`);
    Deno.exit(2);
  }
  return new Set(chosen);
}
