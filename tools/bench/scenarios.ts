/**
 * The benchmark's building blocks: one load run against a fresh server process (the real
 * server or the bare relay), and the memory a connected idle player costs.
 *
 * @example
 * ```ts
 * const m = await measure({ label: "500 @ 20 Hz", script: "main.ts", players: 500, lobbySize: 10, hz: 20, seconds: 10, broadcastHz: 20 });
 * m.result.latencyMs.p99;
 * ```
 */
import { LOAD_DEFAULTS } from "../load/args.ts";
import type { LoadResult } from "../load/result.ts";
import { LoadRun } from "../load/run.ts";
import { loadTestEnv, type ServerProcess, spawnServer } from "../load/server_process.ts";
import { waitForQuiet } from "./quiet.ts";

/** The real server and the bare relay, by the script each runs. */
export const SERVER = "main.ts";
export const BARE = "tools/bare_relay.ts";

/** One load run's settings. */
export interface Scenario {
  label: string;
  script: typeof SERVER | typeof BARE;
  players: number;
  lobbySize: number;
  hz: number;
  seconds: number;
  broadcastHz: number;
  /** Extra `deno run` flags for the server, e.g. `--cpu-prof`. */
  denoFlags?: string[];
}

/** A scenario's result, with how busy other processes were just before it. */
export interface Measurement {
  scenario: Scenario;
  result: LoadResult;
  othersBeforePercent: number;
  /** The measuring window in ms since the server process was spawned (for its CPU profile). */
  serverWindowMs: { fromMs: number; toMs: number };
}

/** Progress lines go here (stderr in `tools/bench.ts`). */
export type Log = (line: string) => void;

/**
 * Runs `scenario` up to `attempts` times while other processes made the run noisy (used more
 * than 20% of a core) and keeps the quietest run; `canRetry` can veto a retry (a time budget).
 */
export async function measureQuietly(
  scenario: Scenario,
  log: Log,
  options: { attempts?: number; canRetry?: () => boolean } = {},
): Promise<Measurement> {
  let best = await measure(scenario, log);
  for (let attempt = 1; attempt < (options.attempts ?? 3); attempt++) {
    if (best.result.machine?.quiet !== false || options.canRetry?.() === false) break;
    log(`${scenario.label}: other processes were busy; running it again`);
    const next = await measure(scenario, log);
    if ((next.result.machine?.othersPercent ?? 0) < (best.result.machine?.othersPercent ?? 0)) {
      best = next;
    }
  }
  return best;
}

/** Runs `scenario` against a server process started for it, stopped afterwards. */
export async function measure(scenario: Scenario, log: Log): Promise<Measurement> {
  const othersBeforePercent = await waitForQuiet({ maxWaitMs: 20_000 });
  log(
    `${scenario.label}: starting ${scenario.script} (machine busy ${othersBeforePercent}% before)`,
  );
  const server = await _spawnWithRetry(
    scenario.script,
    loadTestEnv(scenario),
    scenario.denoFlags,
    log,
  );
  const run = new LoadRun(
    { ...LOAD_DEFAULTS, ...scenario },
    { url: server.url, probe: server },
    (line) => {
      log(`${scenario.label}: ${line}`);
    },
  );
  try {
    await run.runAll();
  } finally {
    await server.stop();
  }
  const { windowStart, windowEnd } = run.timings;
  return {
    scenario,
    result: run.result(),
    othersBeforePercent,
    serverWindowMs: { fromMs: windowStart - server.startedAt, toMs: windowEnd - server.startedAt },
  };
}

/** Resident memory of a server with idle connected players, at half and at all of `players`. */
export interface MemoryMeasurement {
  script: string;
  players: number;
  baselineMb: number;
  halfMb: number;
  fullMb: number;
  /** (full - baseline) / players, in KiB. */
  perPlayerKb: number;
  /** (full - half) / (players / 2), in KiB: the cost of one more player once warmed up. */
  marginalKb: number;
  connected: number;
}

const _SETTLE_MS = 2_000;

/**
 * Starts `script`, reads its RSS idle, then with `players / 2` and `players` connected players
 * that send nothing (seated, game started, WebSocket open), and divides.
 */
export async function measureMemory(
  script: string,
  players: number,
  log: Log,
): Promise<MemoryMeasurement> {
  await waitForQuiet({ maxWaitMs: 20_000 });
  const lobbySize = 10;
  const env = loadTestEnv({ players, lobbySize, hz: 1, broadcastHz: 20 });
  const server = await _spawnWithRetry(script, env, undefined, log);
  const runs: LoadRun[] = [];
  const settle = () => new Promise((resolve) => setTimeout(resolve, _SETTLE_MS));
  const mb = () => server.rssBytes() / (1024 * 1024);
  try {
    await settle();
    const baselineMb = mb();
    const half = Math.floor(players / 2);
    let connected = 0;
    const readings: number[] = [];
    for (const batch of [half, players - half]) {
      const run = new LoadRun({ ...LOAD_DEFAULTS, players: batch, lobbySize, hz: 1, seconds: 1 }, {
        url: server.url,
      });
      runs.push(run);
      await run.seat();
      await run.connect();
      connected += run.connectOutcomes.filter((o) => o?.ok).length;
      await settle();
      readings.push(mb());
      log(`memory ${script}: ${connected} idle players, ${readings.at(-1)!.toFixed(1)} MB`);
    }
    const [halfMb, fullMb] = readings as [number, number];
    return {
      script,
      players,
      baselineMb: _round(baselineMb),
      halfMb: _round(halfMb),
      fullMb: _round(fullMb),
      perPlayerKb: _round(((fullMb - baselineMb) * 1024) / players),
      marginalKb: _round(((fullMb - halfMb) * 1024) / (players - half)),
      connected,
    };
  } finally {
    for (const run of runs) await run.close();
    await server.stop();
  }
}

const _START_ATTEMPTS = 3;
const _START_RETRY_MS = 10_000;

// Other people edit this checkout while benchmarks run; a server that fails to start because
// of a half-saved file usually starts a few seconds later.
async function _spawnWithRetry(
  script: string,
  env: Record<string, string>,
  denoFlags: string[] | undefined,
  log: Log,
): Promise<ServerProcess> {
  for (let attempt = 1;; attempt++) {
    try {
      return await spawnServer({ script, env, denoFlags });
    } catch (error) {
      if (attempt >= _START_ATTEMPTS) throw error;
      log(`${script} did not start (${String(error).split("\n")[0]}); retrying in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, _START_RETRY_MS));
    }
  }
}

function _round(value: number): number {
  return Math.round(value * 10) / 10;
}
