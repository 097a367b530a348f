/**
 * The status page's figures once it has some: the current numbers as tiles, then a live chart
 * per figure over the history window. Stateless: {@link StatusPage} owns the samples.
 */
import type { ComponentChildren, JSX } from "preact";
import {
  formatDuration,
  formatNumber,
  formatPercent,
  formatRate,
} from "../../lib/status_format.ts";
import { chartScale } from "../../lib/status_series.ts";
import { LineChart, LobbySizes } from "./status_charts.tsx";
import type { StatusSample } from "./status_client.ts";

/** Props of {@link Dashboard}. */
export interface DashboardProps {
  /** Oldest first; never empty. */
  samples: StatusSample[];
  pollMs: number;
  historyMs: number;
  /** The latest poll failed: the figures are dimmed until one succeeds. */
  stale: boolean;
}

/** Tiles and charts for `samples`. */
export function Dashboard({ samples, pollMs, historyMs, stale }: DashboardProps): JSX.Element {
  const latest = samples.at(-1)!;
  const { connections, cache, games, system, rate_limits } = latest.health;
  const toMs = latest.atMs;
  const frame = { fromMs: toMs - historyMs, toMs, maxGapMs: pollMs * 2.5 };
  const minutes = formatNumber(historyMs / 60_000, 1);
  const series = (read: (s: StatusSample) => number | null) =>
    samples.map((s) => ({ atMs: s.atMs, value: read(s) }));

  const connectionPoints = series((s) => s.health.connections.total_connections);
  const hitRatePoints = series((s) => s.health.cache.hit_rate);
  const inPoints = series((s) => s.messagesInPerSecond);
  const outPoints = series((s) => s.messagesOutPerSecond);
  const limitedPoints = series((s) => s.rateLimitedPerSecond);
  const memoryPoints = series((s) => s.health.system.memory_mb);
  const values = (points: { value: number | null }[]) => points.map((p) => p.value);
  const used = connections.max_connections > 0
    ? connections.total_connections / connections.max_connections
    : 0;
  const rateNow = (value: number | null) =>
    value === null ? "waiting for a second sample" : formatRate(value);

  return (
    <div class={stale ? "status-dashboard status-stale" : "status-dashboard"}>
      <dl class="status-stats">
        <Stat
          label="Connections"
          metric="connections"
          value={formatNumber(connections.total_connections)}
        >
          of {formatNumber(connections.max_connections)} ({formatPercent(used)})
        </Stat>
        <Stat
          label="Active lobbies"
          metric="active_lobbies"
          value={formatNumber(connections.active_lobbies)}
        />
        <Stat
          label="Active sessions"
          metric="active_sessions"
          value={formatNumber(games.active_sessions)}
        >
          {games.players_in_grace_period > 0 && `${games.players_in_grace_period} reconnecting`}
        </Stat>
        <Stat label="CPU" metric="cpu_percent" value={`${formatNumber(system.cpu_percent, 1)}%`} />
        <Stat
          label="Event-loop lag"
          metric="event_loop_lag_ms"
          value={`${formatNumber(system.event_loop_lag_ms, 1)} ms`}
        />
        <Stat label="Uptime" metric="uptime" value={formatDuration(system.uptime_seconds)} />
      </dl>

      <div class="status-charts">
        <LineChart
          metric="connections"
          title="Connections"
          value={`${formatNumber(connections.total_connections)} / ${
            formatNumber(connections.max_connections)
          }`}
          summary={`WebSocket connections over the last ${minutes} minutes: now ${connections.total_connections} of at most ${connections.max_connections}.`}
          series={[{ name: "Open", points: connectionPoints, tone: 1 }]}
          limit={{ value: connections.max_connections, name: "Limit" }}
          scale={chartScale(values(connectionPoints), {
            include: [0, connections.max_connections],
          })}
          formatAxis={(n) => formatNumber(n)}
          {...frame}
        />
        <LineChart
          metric="cache_hit_rate"
          title="Cache hit rate"
          value={formatPercent(cache.hit_rate)}
          summary={`Lobby cache hit rate over the last ${minutes} minutes: now ${
            formatPercent(cache.hit_rate)
          }.`}
          series={[{ name: "Hit rate", points: hitRatePoints, tone: 1 }]}
          scale={chartScale(values(hitRatePoints), { include: [0, 1] })}
          formatAxis={formatPercent}
          note={`${_count(cache.hits, "hit", "hits")}, ${
            _count(cache.misses, "miss", "misses")
          } since start; ${_count(cache.cached_lobbies, "lobby", "lobbies")} cached`}
          {...frame}
        />
        <LineChart
          metric="messages"
          title="Messages"
          value={`${formatRate(latest.messagesInPerSecond)} in · ${
            formatRate(latest.messagesOutPerSecond)
          } out`}
          summary={`WebSocket messages per second over the last ${minutes} minutes: now ${
            rateNow(latest.messagesInPerSecond)
          } in and ${rateNow(latest.messagesOutPerSecond)} out.`}
          series={[
            { name: "In", points: inPoints, tone: 1 },
            { name: "Out", points: outPoints, tone: 2 },
          ]}
          scale={chartScale([...values(inPoints), ...values(outPoints)], {
            include: [0],
            nice: true,
          })}
          formatAxis={formatRate}
          {...frame}
        />
        <LineChart
          metric="rate_limited"
          title="Rate-limited requests"
          value={formatRate(latest.rateLimitedPerSecond)}
          summary={`HTTP requests refused by rate limits, per second, over the last ${minutes} minutes: now ${
            rateNow(latest.rateLimitedPerSecond)
          }.`}
          series={[{ name: "Refused", points: limitedPoints, tone: 2 }]}
          scale={chartScale(values(limitedPoints), { include: [0], nice: true })}
          formatAxis={formatRate}
          note={`${formatNumber(rate_limits.rejections_total)} refused since start`}
          {...frame}
        />
        <LineChart
          metric="memory"
          title="Memory"
          value={`${formatNumber(system.memory_mb, 1)} MB`}
          summary={`Resident memory over the last ${minutes} minutes: now ${
            formatNumber(system.memory_mb, 1)
          } MB.`}
          series={[{ name: "Resident", points: memoryPoints, tone: 1 }]}
          scale={chartScale(values(memoryPoints), { minSpan: 8 })}
          formatAxis={(n) => `${formatNumber(n)} MB`}
          note={`V8 heap ${formatNumber(system.heap_used_mb, 1)} MB`}
          {...frame}
        />
        <LobbySizes
          sizes={connections.lobby_sizes}
          maxPerLobby={connections.max_connections_per_lobby}
        />
      </div>
      <p class="status-note">
        Charts show the last {minutes} minutes, one sample every {formatNumber(pollMs / 1000, 1)} s.
      </p>
    </div>
  );
}

function Stat(
  { label, metric, value, children }: {
    label: string;
    metric: string;
    value: string;
    children?: ComponentChildren;
  },
): JSX.Element {
  return (
    <div class="status-stat">
      <dt>{label}</dt>
      <dd>
        <span class="status-stat-value" data-metric={metric}>{value}</span>
        {children && <span class="status-stat-extra">{children}</span>}
      </dd>
    </div>
  );
}

/** "1 miss", "2 misses": a count with its noun. */
function _count(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
