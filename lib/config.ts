/**
 * Every setting and limit, in one place, named as the environment variable that sets it.
 * {@link loadConfig} reads the environment once at start-up and throws one {@link ConfigError}
 * naming every bad variable, so an operator fixes them all in one go.
 *
 * @example
 * ```ts
 * const config = loadConfig({ PORT: "0", KV_PATH: ":memory:" });
 * config.MAX_WEBSOCKET_CONNECTIONS; // 500
 * ```
 */

/** The resolved settings; every field is present and valid. */
export interface Config {
  /** TCP port to listen on; 0 picks a free one. */
  PORT: number;
  /** Interface to listen on. */
  HOST: string;
  /** File of the embedded Deno KV store, `:memory:` for a throwaway one, "" for Deno Deploy's. */
  KV_PATH: string;
  /** Open WebSockets the whole process accepts; over it, 4003 `server_full`. */
  MAX_WEBSOCKET_CONNECTIONS: number;
  /** Open WebSockets one lobby accepts; over it, 4003 `lobby_full`. */
  MAX_CONNECTIONS_PER_LOBBY: number;
  /** Seats in a lobby; a join over it gets 409 `lobby_full`. */
  MAX_PLAYERS_PER_LOBBY: number;
  /** How long a lobby read is served from memory, in seconds (0 turns the cache off). */
  LOBBY_CACHE_TTL_SECONDS: number;
  /** Most lobbies the cache holds; the least recently used go first. */
  LOBBY_CACHE_MAX_ENTRIES: number;
  /** Lobby creations per client per minute. */
  RATE_LIMIT_LOBBY_CREATE: number;
  /** Join attempts (failed ones too) per client per minute. */
  RATE_LIMIT_LOBBY_JOIN: number;
  /** Requests to `/api/*` and WebSocket upgrades per client per minute. */
  RATE_LIMIT_API: number;
  /** WebSocket messages per connection per second. */
  RATE_LIMIT_WS_MESSAGES: number;
  /** Most clients each HTTP limiter remembers at once. */
  RATE_LIMIT_MAX_CLIENTS: number;
  /** Bearer token for `/health/detailed` and `/metrics`; "" means loopback only. */
  HEALTH_TOKEN: string;
  /** Proxy hops in front of the server whose `X-Forwarded-For` entries are trusted (0: none). */
  TRUST_PROXY: number;
  /** Position frames per lobby per second. */
  BROADCAST_HZ: number;
  /** Browser origins allowed to open a WebSocket; empty means only the server's own origin. */
  ALLOWED_ORIGINS: string[];
  /** How long a disconnected player keeps their seat before leaving the lobby, in seconds. */
  RECONNECT_GRACE_SECONDS: number;
  /** Seconds of silence before a WebSocket is pinged and, if it does not answer, closed. */
  WS_IDLE_TIMEOUT_SECONDS: number;
}

/** Limits that are not worth an environment variable, kept beside the ones that are. */
export const LIMITS = {
  /** Largest HTTP request body, in bytes. */
  maxBodyBytes: 4 * 1024,
  /** Longest player name, in characters. */
  maxNameLength: 32,
  /** A waiting lobby with no activity for this long is gone. */
  waitingLobbyLifetimeMs: 30 * 60 * 1000,
  /** A game in progress lasts at most this long. */
  playingLobbyLifetimeMs: 4 * 60 * 60 * 1000,
  /** Over this many buffered bytes a socket skips position frames (they are latest-wins). */
  softBufferedBytes: 64 * 1024,
  /** Over this many buffered bytes a socket is closed with 4008 `slow_consumer`. */
  hardBufferedBytes: 1024 * 1024,
  /** Seconds of flooding at three times `RATE_LIMIT_WS_MESSAGES` before a 1008 close. */
  floodSeconds: 5,
  /** Invalid messages a connection may send in a burst before a 1008 close. */
  invalidMessageBurst: 20,
  /** Invalid messages forgiven per second. */
  invalidMessagesPerSecond: 1,
  /**
   * Least time a seat handed out over HTTP waits for its first socket before it is given up
   * (`RECONNECT_GRACE_SECONDS` when longer). Longer than the 15 s a `server_full` refusal asks
   * a client to wait, so a refused player's first retry still finds the seat.
   */
  seatClaimMs: 30_000,
  /** Attempts to write a lobby under contention before answering 503 `server_busy`. */
  storeWriteAttempts: 64,
  /** How long `/health/detailed` reuses its last answer, in ms. */
  healthCacheMs: 1000,
  /** How long a request body may take to arrive, in ms. */
  bodyReadMs: 10_000,
  /** How long shutdown waits for sockets to close before exiting, in ms. */
  shutdownGraceMs: 3000,
  /**
   * What requests still in flight get after the sockets' grace, before the store closes under
   * them, in ms: with `shutdownGraceMs` it stays inside main.ts's 4.5 s exit deadline.
   */
  requestsGraceMs: 1000,
  /**
   * How long a peer has to answer the server's close frame before its TCP connection is
   * dropped, in ms (Deno would wait forever; see lib/socket_teardown.ts).
   */
  closeHandshakeMs: 5000,
} as const;

/** Thrown by {@link loadConfig}; `problems` names every bad variable. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates every setting from `env` (defaults for those unset). */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number =>
    _number(env, problems, name, fallback, min, max, true);
  const num = (name: string, fallback: number, min: number, max: number): number =>
    _number(env, problems, name, fallback, min, max, false);

  const config: Config = {
    PORT: int("PORT", 8000, 0, 65535),
    HOST: _string(env, "HOST", "0.0.0.0"),
    KV_PATH: _string(env, "KV_PATH", "kv/lobby.sqlite3"),
    MAX_WEBSOCKET_CONNECTIONS: int("MAX_WEBSOCKET_CONNECTIONS", 500, 1, 1_000_000),
    MAX_CONNECTIONS_PER_LOBBY: int("MAX_CONNECTIONS_PER_LOBBY", 10, 1, 10_000),
    MAX_PLAYERS_PER_LOBBY: int("MAX_PLAYERS_PER_LOBBY", 10, 1, 1_000),
    LOBBY_CACHE_TTL_SECONDS: num("LOBBY_CACHE_TTL_SECONDS", 5, 0, 3600),
    LOBBY_CACHE_MAX_ENTRIES: int("LOBBY_CACHE_MAX_ENTRIES", 10_000, 1, 10_000_000),
    RATE_LIMIT_LOBBY_CREATE: int("RATE_LIMIT_LOBBY_CREATE", 5, 1, 1_000_000),
    RATE_LIMIT_LOBBY_JOIN: int("RATE_LIMIT_LOBBY_JOIN", 10, 1, 1_000_000),
    RATE_LIMIT_API: int("RATE_LIMIT_API", 100, 1, 1_000_000),
    RATE_LIMIT_WS_MESSAGES: int("RATE_LIMIT_WS_MESSAGES", 60, 1, 100_000),
    RATE_LIMIT_MAX_CLIENTS: int("RATE_LIMIT_MAX_CLIENTS", 100_000, 1, 10_000_000),
    HEALTH_TOKEN: _string(env, "HEALTH_TOKEN", ""),
    TRUST_PROXY: int("TRUST_PROXY", 0, 0, 10),
    BROADCAST_HZ: num("BROADCAST_HZ", 20, 1, 120),
    ALLOWED_ORIGINS: _origins(env, problems),
    RECONNECT_GRACE_SECONDS: num("RECONNECT_GRACE_SECONDS", 30, 0, 3600),
    WS_IDLE_TIMEOUT_SECONDS: int("WS_IDLE_TIMEOUT_SECONDS", 30, 1, 3600),
  };
  if (config.HEALTH_TOKEN !== "" && config.HEALTH_TOKEN.length < 16) {
    problems.push("HEALTH_TOKEN: must be at least 16 characters (or unset for loopback only)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function _string(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined ? fallback : raw.trim();
}

function _number(
  env: Env,
  problems: string[],
  name: string,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  const kind = integer ? "a whole number" : "a number";
  if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || (integer && !Number.isInteger(value))) {
    problems.push(`${name}: "${raw}" is not ${kind} from ${min} to ${max}`);
    return fallback;
  }
  if (value < min || value > max) {
    problems.push(`${name}: ${raw} is outside ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function _origins(env: Env, problems: string[]): string[] {
  const raw = env.ALLOWED_ORIGINS?.trim();
  if (!raw) return [];
  const origins: string[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    if (part === "*") {
      origins.push("*");
      continue;
    }
    try {
      const url = new URL(part);
      const bare = url.pathname === "/" && url.search === "" && url.hash === "" &&
        url.username === "" && url.password === "";
      if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare) {
        throw new TypeError("not an origin");
      }
      origins.push(url.origin);
    } catch {
      problems.push(`ALLOWED_ORIGINS: "${part}" is not an origin like https://game.example.com`);
    }
  }
  return origins;
}
