/**
 * A server under test in its own process (`main.ts`, or `tools/bare_relay.ts` for comparison),
 * on a free loopback port, with its CPU time and memory read from `/proc/<pid>` so that the
 * load tester's own work never counts as the server's.
 *
 * @example
 * ```ts
 * const server = await spawnServer({ script: "main.ts", env: loadTestEnv({ players: 500, lobbySize: 10, hz: 20, broadcastHz: 20 }) });
 * console.log(server.url, server.cpuSeconds(), server.rssBytes());
 * await server.stop();
 * ```
 */
import { readCpuSeconds, readRssBytes } from "./probes.ts";
import type { ServerProbe } from "./run.ts";

/** A server process started by {@link spawnServer}. */
export interface ServerProcess extends ServerProbe {
  url: string;
  pid: number;
  /** `performance.now()` when the process was spawned (a `--cpu-prof` profile starts then). */
  startedAt: number;
  /** The last few KB the process wrote to stderr, for error messages. */
  stderrTail(): string;
  /** SIGINT (graceful shutdown, which also writes a `--cpu-prof` profile), SIGKILL after 8 s. */
  stop(): Promise<void>;
}

/** How to start the server. */
export interface SpawnOptions {
  /** Path from the repository root: `main.ts` or `tools/bare_relay.ts`. */
  script: string;
  env: Record<string, string>;
  /** Extra `deno run` flags, e.g. `--cpu-prof`. */
  denoFlags?: string[];
  /** How long to wait for `/health` to answer (ms). */
  startTimeoutMs?: number;
}

const _ROOT = new URL("../../", import.meta.url);
const _TAIL_BYTES = 4096;

/** Server settings suited to a load test of `players` in lobbies of `lobbySize` from one IP. */
export function loadTestEnv(
  options: { players: number; lobbySize: number; hz: number; broadcastHz: number },
): Record<string, string> {
  const generous = "1000000";
  return {
    KV_PATH: ":memory:",
    HOST: "127.0.0.1",
    MAX_WEBSOCKET_CONNECTIONS: String(options.players),
    MAX_PLAYERS_PER_LOBBY: String(Math.max(10, options.lobbySize)),
    MAX_CONNECTIONS_PER_LOBBY: String(Math.max(10, options.lobbySize)),
    RATE_LIMIT_API: generous,
    RATE_LIMIT_LOBBY_CREATE: generous,
    RATE_LIMIT_LOBBY_JOIN: generous,
    // Twice the input rate: a late timer on the tester sends in bursts.
    RATE_LIMIT_WS_MESSAGES: String(Math.max(60, Math.ceil(options.hz * 2))),
    BROADCAST_HZ: String(options.broadcastHz),
    // Every seat is made before any socket connects; a large run must not outlast the time a
    // seat may wait for its socket.
    RECONNECT_GRACE_SECONDS: "600",
    // Empty: /health/detailed answers loopback clients without a token.
    HEALTH_TOKEN: "",
  };
}

/** A port nobody listens on right now (there is a small race until the server binds it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Starts `deno run -A <script>` with `PORT` set to a free port and waits for `/health`. */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const port = freePort();
  const startedAt = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...(options.denoFlags ?? []), options.script],
    cwd: _ROOT,
    env: { ...options.env, PORT: String(port) },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let tail = "";
  const decoder = new TextDecoder();
  const draining = child.stderr.pipeTo(
    new WritableStream({
      write(chunk) {
        tail = (tail + decoder.decode(chunk, { stream: true })).slice(-_TAIL_BYTES);
      },
    }),
  ).catch(() => {});
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    pid: child.pid,
    startedAt,
    cpuSeconds: () => readCpuSeconds(child.pid),
    rssBytes: () => readRssBytes(child.pid),
    stderrTail: () => tail,
    stop: async () => {
      if (!exited) {
        try {
          child.kill("SIGINT");
        } catch {
          // Already gone.
        }
      }
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch {
          // Already gone.
        }
      }, 8_000);
      await status;
      clearTimeout(timer);
      await draining;
    },
  };
  const deadline = performance.now() + (options.startTimeoutMs ?? 20_000);
  while (true) {
    if (exited) throw new Error(`${options.script} exited during start-up:\n${tail}`);
    try {
      const response = await fetch(`${url}/health`);
      await response.body?.cancel();
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) {
      await server.stop();
      throw new Error(`${options.script} did not answer /health in time:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
