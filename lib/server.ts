/**
 * Builds every service from a {@link Config}, serves the app with `Deno.serve`, and shuts down
 * in order: refuse new work, close sockets with 1001, stop timers, close the store.
 *
 * @example
 * ```ts
 * const server = await startServer(loadConfig({ PORT: "0", KV_PATH: ":memory:" }));
 * console.log(server.url);
 * await server.shutdown();
 * ```
 */
import { createApp, type Limiters } from "./app.ts";
import { type Clock, monotonicClock, wallClock } from "./clock.ts";
import { type Config, LIMITS } from "./config.ts";
import { ConnectionRegistry } from "./connection_registry.ts";
import { HealthReporter } from "./health_report.ts";
import { HttpStats } from "./http_stats.ts";
import { Hub } from "./hub.ts";
import type { LobbyRecord } from "./lobby.ts";
import { LobbyCache } from "./lobby_cache.ts";
import { LobbyService } from "./lobby_service.ts";
import { KvLobbyStore, type LobbyStore } from "./lobby_store.ts";
import { CloseCode, CloseReason } from "./protocol.ts";
import { exportToOpenTelemetry } from "./otel.ts";
import { RateLimiter } from "./rate_limiter.ts";
import { denoProcessProbe, startEventLoopLagMonitor, SystemSampler } from "./system_stats.ts";
import { RESTARTING_MESSAGE } from "./ws_endpoint.ts";

/** A running server and the services behind it (tests read their figures). */
export interface RunningServer {
  /** `http://host:port`, with the real port when `PORT` was 0. */
  url: string;
  port: number;
  service: LobbyService;
  hub: Hub;
  registry: ConnectionRegistry;
  cache: LobbyCache<LobbyRecord>;
  health: HealthReporter;
  /** True once shutdown began. */
  isShuttingDown(): boolean;
  /** Graceful shutdown; resolves when everything is closed. Idempotent. */
  shutdown(): Promise<void>;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
}

/** Optional overrides, for tests. */
export interface ServerOptions {
  clock?: Clock;
  wallClock?: Clock;
  store?: LobbyStore;
  /** Overrides {@link LIMITS.closeHandshakeMs}, so a test need not wait 5 s. */
  closeHandshakeMs?: number;
  onListen?(url: string): void;
}

const _SAMPLE_MS = 1000;

/** The server could not listen on `HOST`:`PORT`; the message says why in an operator's terms. */
export class ListenError extends Error {
  constructor(host: string, port: number, cause: unknown) {
    super(_listenProblem(host, port, cause), { cause });
    this.name = "ListenError";
  }
}

function _listenProblem(host: string, port: number, cause: unknown): string {
  const where = `Cannot listen on ${host}:${port}`;
  if (cause instanceof Deno.errors.AddrInUse) {
    return `${where}: the port is in use. Stop what uses it or choose another PORT.`;
  }
  if (cause instanceof Deno.errors.PermissionDenied) {
    return `${where}: permission denied. Ports below 1024 need privileges; choose another PORT.`;
  }
  if (cause instanceof Deno.errors.AddrNotAvailable) {
    return `${where}: HOST is not an address of this machine. Use 0.0.0.0 (every interface) or 127.0.0.1.`;
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return `${where}: ${detail}. HOST must be an address or name of this machine, such as 0.0.0.0 or 127.0.0.1.`;
}

/** Starts the lobby server described by `config`. */
export async function startServer(
  config: Config,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const clock = options.clock ?? monotonicClock;
  const wall = options.wallClock ?? wallClock;
  const store = options.store ?? await KvLobbyStore.open(config.KV_PATH, () => wall.now());
  const cache = new LobbyCache<LobbyRecord>({
    ttlMs: config.LOBBY_CACHE_TTL_SECONDS * 1000,
    maxEntries: config.LOBBY_CACHE_MAX_ENTRIES,
    clock,
  });
  const service = new LobbyService({
    store,
    cache,
    clock: wall,
    maxPlayers: config.MAX_PLAYERS_PER_LOBBY,
  });
  const hub = new Hub({
    service,
    clock,
    broadcastHz: config.BROADCAST_HZ,
    graceMs: config.RECONNECT_GRACE_SECONDS * 1000,
    // An empty KV_PATH is the platform's shared store (Deno Deploy), maybe behind several
    // instances; a file or :memory: is this process's own.
    soleProcess: config.KV_PATH !== "",
  });
  const registry = new ConnectionRegistry({
    maxConnections: config.MAX_WEBSOCKET_CONNECTIONS,
    maxPerLobby: config.MAX_CONNECTIONS_PER_LOBBY,
  });
  const perMinute = (limit: number) =>
    new RateLimiter({ limit, windowMs: 60_000, maxKeys: config.RATE_LIMIT_MAX_CLIENTS, clock });
  const limiters: Limiters = {
    api: perMinute(config.RATE_LIMIT_API),
    create: perMinute(config.RATE_LIMIT_LOBBY_CREATE),
    join: perMinute(config.RATE_LIMIT_LOBBY_JOIN),
  };
  let shuttingDown = false;
  const isShuttingDown = () => shuttingDown;
  const httpStats = new HttpStats();
  const system = new SystemSampler({ probe: denoProcessProbe, clock });
  const sampler = setInterval(() => system.sample(), _SAMPLE_MS);
  const lagMonitor = startEventLoopLagMonitor(system, clock);
  const health = new HealthReporter({
    registry,
    cache: cache as LobbyCache<unknown>,
    hub,
    httpStats,
    limiters: { api: limiters.api, lobby_create: limiters.create, lobby_join: limiters.join },
    system,
    clock,
    isShuttingDown,
  });
  // With OTEL_DENO=true, Deno exports its own HTTP and V8 metrics; ours join them.
  const otel = exportToOpenTelemetry(health);
  const app = createApp({
    config,
    service,
    sockets: {
      registry,
      service,
      hub,
      clock,
      messagesPerSecond: config.RATE_LIMIT_WS_MESSAGES,
      idleTimeoutSeconds: config.WS_IDLE_TIMEOUT_SECONDS,
      closeHandshakeMs: options.closeHandshakeMs ?? LIMITS.closeHandshakeMs,
      isShuttingDown,
    },
    limiters,
    httpStats,
    health,
    isShuttingDown,
  });

  hub.start();
  let resolveListening: (url: string) => void;
  const listening = new Promise<string>((resolve) => resolveListening = resolve);
  const stopBackground = () => {
    hub.stop();
    clearInterval(sampler);
    lagMonitor.stop();
    otel?.stop();
  };
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      port: config.PORT,
      hostname: config.HOST,
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        resolveListening(`http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
      },
    }, (request, info) => app.fetch(request, info));
  } catch (error) {
    stopBackground();
    store.close();
    throw new ListenError(config.HOST, config.PORT, error);
  }
  const url = await listening;
  options.onListen?.(url);

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = () =>
    shutdownPromise ??= (async () => {
      shuttingDown = true;
      hub.closeAll(CloseCode.ServerShutdown, CloseReason.ServerShutdown, RESTARTING_MESSAGE);
      const deadline = clock.now() + LIMITS.shutdownGraceMs;
      // Wait for the closing handshakes, or Deno's own shutdown would close them first with
      // its own reason instead of server_shutdown.
      while (hub.traffic.openSockets > 0 && clock.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      stopBackground();
      // Deno's shutdown waits for every request in flight; a client stalling its body must not
      // keep the store open past the deadline (the body read times out on its own later).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, LIMITS.requestsGraceMs);
      });
      await Promise.race([server.shutdown(), late]);
      clearTimeout(timer);
      store.close();
    })();

  return {
    url,
    port: server.addr.port,
    service,
    hub,
    registry,
    cache,
    health,
    isShuttingDown,
    shutdown,
    finished: server.finished,
  };
}
