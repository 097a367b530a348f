/**
 * The operator's figures: `/health/detailed` in the launch design's shape, and the same figures
 * (and more) as metric families for `/metrics` and OpenTelemetry. Never lists join codes.
 *
 * The detailed answer is computed at most once per `LIMITS.healthCacheMs`, so a dashboard
 * polling hard under load costs almost nothing.
 *
 * @example
 * ```ts
 * const health = new HealthReporter(sources);
 * health.detailed().connections.total_connections;
 * toPrometheusText(health.collect());
 * ```
 */
import type { Clock } from "./clock.ts";
import { LIMITS } from "./config.ts";
import type { ConnectionRegistry, ConnectionStats } from "./connection_registry.ts";
import type { HttpStats } from "./http_stats.ts";
import type { Hub } from "./hub.ts";
import type { LobbyCache, LobbyCacheStats } from "./lobby_cache.ts";
import type { MetricFamily, MetricSource, Sample } from "./metrics.ts";
import type { RateLimiter } from "./rate_limiter.ts";
import type { SystemSampler, SystemStats } from "./system_stats.ts";

/** Where the figures come from. */
export interface HealthSources {
  registry: ConnectionRegistry;
  cache: LobbyCache<unknown>;
  hub: Hub;
  httpStats: HttpStats;
  limiters: Record<string, RateLimiter>;
  system: SystemSampler;
  clock: Clock;
  isShuttingDown(): boolean;
}

/** The body of `/health/detailed`. */
export interface DetailedHealth {
  status: "healthy" | "shutting_down";
  connections: ConnectionStats;
  cache: LobbyCacheStats;
  games: { active_sessions: number; players_in_grace_period: number };
  rate_limits: {
    rejections_total: number;
    rejections_by_policy: Record<string, number>;
    tracked_clients: Record<string, number>;
  };
  traffic: {
    messages_in_total: number;
    messages_out_total: number;
    position_updates_in_total: number;
    frames_dropped_total: number;
    ws_messages_rate_limited_total: number;
  };
  system: SystemStats;
}

/** Builds operator figures from the live services. */
export class HealthReporter implements MetricSource {
  readonly #sources: HealthSources;
  #cached: { at: number; value: DetailedHealth } | undefined;

  constructor(sources: HealthSources) {
    this.#sources = sources;
  }

  /** True once shutdown has begun; `/health` then answers 503. */
  isShuttingDown(): boolean {
    return this.#sources.isShuttingDown();
  }

  /** The detailed health, at most `LIMITS.healthCacheMs` old. */
  detailed(): DetailedHealth {
    const now = this.#sources.clock.now();
    if (this.#cached && now - this.#cached.at < LIMITS.healthCacheMs) return this.#cached.value;
    const value = this.#compute();
    this.#cached = { at: now, value };
    return value;
  }

  #compute(): DetailedHealth {
    const { registry, cache, hub, httpStats, limiters, system } = this.#sources;
    const tracked: Record<string, number> = {};
    for (const [name, limiter] of Object.entries(limiters)) tracked[name] = limiter.size;
    return {
      status: this.#sources.isShuttingDown() ? "shutting_down" : "healthy",
      connections: registry.getStats(),
      cache: cache.getStats(),
      games: { active_sessions: hub.activeSessions, players_in_grace_period: hub.pendingRemovals },
      rate_limits: {
        rejections_total: httpStats.limitedTotal,
        rejections_by_policy: Object.fromEntries(httpStats.limited()),
        tracked_clients: tracked,
      },
      traffic: {
        messages_in_total: hub.traffic.messagesIn,
        messages_out_total: hub.traffic.messagesOut,
        position_updates_in_total: hub.traffic.positionsIn,
        frames_dropped_total: hub.traffic.framesDropped,
        ws_messages_rate_limited_total: hub.traffic.rateLimitedMessages,
      },
      system: system.stats(),
    };
  }

  /** Names, help and types of {@link collect}'s families, for exporters that register up front. */
  describe(): Array<Pick<MetricFamily, "name" | "help" | "type">> {
    return this.collect().map(({ name, help, type }) => ({ name, help, type }));
  }

  /** Every figure as metric families, read fresh (Prometheus scrapes at its own pace). */
  collect(): MetricFamily[] {
    const { registry, cache, hub, httpStats, limiters, system } = this.#sources;
    const connections = registry.getStats();
    const cacheStats = cache.getStats();
    const sys = system.stats();
    const traffic = hub.traffic;
    const one = (value: number): Sample[] => [{ labels: {}, value }];
    const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({
      name,
      help,
      type: "gauge",
      samples,
    });
    const counter = (name: string, help: string, samples: Sample[]): MetricFamily => ({
      name,
      help,
      type: "counter",
      samples,
    });
    return [
      gauge(
        "lobby_ws_connections",
        "Open WebSocket connections.",
        one(connections.total_connections),
      ),
      gauge(
        "lobby_ws_connections_max",
        "MAX_WEBSOCKET_CONNECTIONS.",
        one(connections.max_connections),
      ),
      gauge(
        "lobby_active_lobbies",
        "Lobbies with at least one connection.",
        one(connections.active_lobbies),
      ),
      gauge(
        "lobby_lobbies_by_size",
        "Lobbies by how many connections they have.",
        Object.entries(connections.lobby_sizes).map(([size, n]) => ({
          labels: { connections: size },
          value: n,
        })),
      ),
      gauge(
        "lobby_active_sessions",
        "Games in progress with a player connected.",
        one(hub.activeSessions),
      ),
      gauge(
        "lobby_players_in_grace",
        "Disconnected players keeping their seat.",
        one(hub.pendingRemovals),
      ),
      counter("lobby_cache_hits_total", "Lobby cache hits.", one(cacheStats.hits)),
      counter("lobby_cache_misses_total", "Lobby cache misses.", one(cacheStats.misses)),
      counter(
        "lobby_cache_evictions_total",
        "Lobbies evicted from the cache.",
        one(cacheStats.evictions),
      ),
      gauge("lobby_cache_entries", "Lobbies in the cache.", one(cacheStats.cached_lobbies)),
      gauge("lobby_cache_hit_ratio", "Cache hits over all lookups.", one(cacheStats.hit_rate)),
      counter(
        "lobby_ws_messages_in_total",
        "WebSocket messages received.",
        one(traffic.messagesIn),
      ),
      counter("lobby_ws_messages_out_total", "WebSocket messages sent.", one(traffic.messagesOut)),
      counter(
        "lobby_ws_position_updates_in_total",
        "Valid position messages received.",
        one(traffic.positionsIn),
      ),
      counter(
        "lobby_ws_frames_broadcast_total",
        "Positions frames built (one per lobby per tick).",
        one(traffic.framesBroadcast),
      ),
      counter(
        "lobby_ws_frames_dropped_total",
        "Positions frames skipped for slow readers.",
        one(traffic.framesDropped),
      ),
      counter(
        "lobby_ws_messages_invalid_total",
        "Invalid WebSocket messages dropped.",
        one(traffic.invalidMessages),
      ),
      counter(
        "lobby_ws_messages_rate_limited_total",
        "WebSocket messages dropped by the rate limit.",
        one(traffic.rateLimitedMessages),
      ),
      counter(
        "lobby_ws_closes_total",
        "WebSocket closes by close code.",
        [...traffic.closesByCode()].map(([code, n]) => ({
          labels: { code: code === 0 ? "other" : String(code) },
          value: n,
        })),
      ),
      counter(
        "lobby_http_requests_total",
        "HTTP requests by route and status.",
        httpStats.requests().map((r) => ({
          labels: { route: r.route, status: r.status },
          value: r.count,
        })),
      ),
      counter(
        "lobby_rate_limit_rejections_total",
        "Requests refused with 429, by policy.",
        [...httpStats.limited()].map(([policy, n]) => ({ labels: { policy }, value: n })),
      ),
      gauge(
        "lobby_rate_limit_tracked_clients",
        "Clients each rate limiter remembers.",
        Object.entries(limiters).map(([policy, l]) => ({ labels: { policy }, value: l.size })),
      ),
      gauge(
        "process_resident_memory_bytes",
        "Resident memory.",
        one(Math.round(sys.memory_mb * 1024 * 1024)),
      ),
      gauge(
        "lobby_heap_used_bytes",
        "V8 heap in use.",
        one(Math.round(sys.heap_used_mb * 1024 * 1024)),
      ),
      gauge(
        "lobby_cpu_ratio",
        "CPU time over wall time in the last second (1 = one core).",
        one(sys.cpu_percent / 100),
      ),
      gauge(
        "lobby_event_loop_lag_seconds",
        "Recent worst event loop lag.",
        one(sys.event_loop_lag_ms / 1000),
      ),
      gauge("lobby_uptime_seconds", "Seconds since start.", one(sys.uptime_seconds)),
      ...(sys.threads === null
        ? []
        : [gauge("lobby_threads", "OS threads of the process.", one(sys.threads))]),
    ];
  }
}
