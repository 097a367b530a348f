/**
 * Command-line flags of `deno task load`, parsed into an all-required {@link LoadOptions} with
 * one error naming every bad flag.
 *
 * @example
 * ```ts
 * const options = parseLoadArgs(["--players", "500", "--hz=20", "--json"]);
 * options.lobbySize; // 10
 * ```
 */
import { MAX_SEQ } from "./seq.ts";

/** Everything one load run needs; every field is present. */
export interface LoadOptions {
  /** Simulated players. */
  players: number;
  /** Players per lobby; the first of each lobby creates it and starts the game. */
  lobbySize: number;
  /** Position messages each player sends per second. */
  hz: number;
  /** How long the players send, in seconds. */
  seconds: number;
  /** A running server to target; null starts one as a subprocess. */
  url: string | null;
  /** `BROADCAST_HZ` of the server this tool starts (ignored with `--url`). */
  broadcastHz: number;
  /** Start `tools/bare_relay.ts` instead of the server (without `--url`). */
  bare: boolean;
  /** Print the report as JSON instead of text. */
  json: boolean;
  /** No progress line. */
  quiet: boolean;
  /** A move seen later than this after its send counts as late, not delivered (ms). */
  deadlineMs: number;
  /** WebSocket connects and lobby setups in flight at once. */
  concurrency: number;
  /** The server's `HEALTH_TOKEN`, to read `/health/detailed` from another machine. */
  healthToken: string | null;
  /** The run passes when p99 latency stays under this (ms)... */
  maxP99Ms: number;
  /** ...and at least this percentage of moves is delivered. */
  minDeliveryPercent: number;
  /** Print usage and exit. */
  help: boolean;
}

/** Defaults of every flag. */
export const LOAD_DEFAULTS: Readonly<LoadOptions> = Object.freeze({
  players: 500,
  lobbySize: 10,
  hz: 20,
  seconds: 10,
  url: null,
  broadcastHz: 20,
  bare: false,
  json: false,
  quiet: false,
  deadlineMs: 1000,
  concurrency: 64,
  healthToken: null,
  maxP99Ms: 100,
  minDeliveryPercent: 99.9,
  help: false,
});

/** The usage text. */
export const LOAD_USAGE = `deno task load [flags]

Simulates players through the real flow (create/join/start over HTTP, then the WebSocket) and
reports connects, closes, throughput, delivery and latency. The first line is the verdict: PASS
(p99 and delivery within the targets below), FAIL, or INVALID (the run did not measure what was
asked: the tester overloaded itself, or the server's limits turned players or messages away).
Exit status: 0 for PASS, 1 otherwise.

  --players N        simulated players (${LOAD_DEFAULTS.players})
  --lobby-size L     players per lobby (${LOAD_DEFAULTS.lobbySize})
  --hz H             position messages per player per second (${LOAD_DEFAULTS.hz})
  --seconds S        how long players send (${LOAD_DEFAULTS.seconds})
  --url URL          target a running server; without it a server is started as a subprocess
  --broadcast-hz B   BROADCAST_HZ of the server started here (${LOAD_DEFAULTS.broadcastHz})
  --bare             start the bare relay (tools/bare_relay.ts) instead of the server
  --deadline-ms D    a move seen later than D ms after its send is late (${LOAD_DEFAULTS.deadlineMs})
  --concurrency C    connects and lobby setups in flight at once (${LOAD_DEFAULTS.concurrency})
  --max-p99-ms P     pass only if p99 latency is under P ms (${LOAD_DEFAULTS.maxP99Ms})
  --min-delivery D   pass only if at least D% of moves arrive in time (${LOAD_DEFAULTS.minDeliveryPercent})
  --health-token T   the server's HEALTH_TOKEN, to read /health/detailed from another machine
  --json             print the report as JSON
  --quiet            no progress line
  --help             this text`;

type _NumberFlag =
  | "players"
  | "lobbySize"
  | "hz"
  | "seconds"
  | "broadcastHz"
  | "deadlineMs"
  | "concurrency"
  | "maxP99Ms"
  | "minDeliveryPercent";

const _NUMBERS: Record<string, { key: _NumberFlag; min: number; max: number; integer: boolean }> = {
  "--players": { key: "players", min: 1, max: 100_000, integer: true },
  "--lobby-size": { key: "lobbySize", min: 1, max: 1_000, integer: true },
  "--hz": { key: "hz", min: 0.1, max: 1_000, integer: false },
  "--seconds": { key: "seconds", min: 0.1, max: 3_600, integer: false },
  "--broadcast-hz": { key: "broadcastHz", min: 1, max: 120, integer: false },
  "--deadline-ms": { key: "deadlineMs", min: 1, max: 60_000, integer: false },
  "--concurrency": { key: "concurrency", min: 1, max: 10_000, integer: true },
  "--max-p99-ms": { key: "maxP99Ms", min: 1, max: 60_000, integer: false },
  "--min-delivery": { key: "minDeliveryPercent", min: 0, max: 100, integer: false },
};
const _STRINGS = ["--url", "--health-token"];

const _SWITCHES: Record<string, "bare" | "json" | "quiet" | "help"> = {
  "--bare": "bare",
  "--json": "json",
  "--quiet": "quiet",
  "--help": "help",
  "-h": "help",
};

/** Parses `argv` (flags as `--name value` or `--name=value`); throws a TypeError naming all problems. */
export function parseLoadArgs(argv: readonly string[]): LoadOptions {
  const options: LoadOptions = { ...LOAD_DEFAULTS };
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = name === arg ? undefined : arg.slice(eq + 1);
    const flag = _SWITCHES[name];
    if (flag !== undefined) {
      if (inline !== undefined) problems.push(`${name} takes no value`);
      options[flag] = true;
      continue;
    }
    const spec = _NUMBERS[name];
    if (spec === undefined && !_STRINGS.includes(name)) {
      problems.push(`unknown flag ${arg}`);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === "") {
      problems.push(`${name} needs a value`);
      continue;
    }
    if (name === "--health-token") {
      options.healthToken = value;
      continue;
    }
    if (spec === undefined) {
      options.url = _url(value, problems);
      continue;
    }
    const n = Number(value);
    const kind = spec.integer ? "a whole number" : "a number";
    if (!/^-?[0-9]+(\.[0-9]+)?$/.test(value) || (spec.integer && !Number.isInteger(n))) {
      problems.push(`${name}: "${value}" is not ${kind}`);
    } else if (n < spec.min || n > spec.max) {
      problems.push(`${name}: ${value} is outside ${spec.min} to ${spec.max}`);
    } else {
      options[spec.key] = n;
    }
  }
  if (options.hz * options.seconds >= MAX_SEQ) {
    problems.push(`--hz x --seconds must stay under ${MAX_SEQ} moves per player`);
  }
  if (problems.length > 0) throw new TypeError(`Invalid arguments:\n  ${problems.join("\n  ")}`);
  return options;
}

function _url(value: string, problems: string[]): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError("not http");
    if (url.pathname !== "/" || url.search !== "") {
      // The server's routes start at the root; a path would be silently dropped.
      problems.push(`--url: give the server's origin, like ${url.origin}, without a path`);
      return null;
    }
    return url.origin;
  } catch {
    problems.push(`--url: "${value}" is not an http(s) URL, like http://127.0.0.1:8000`);
    return null;
  }
}
