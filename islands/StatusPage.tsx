/**
 * The operator status page: polls `/health/detailed` and draws the last few minutes as live
 * charts, with the current figures beside them.
 *
 * Access: the first poll goes without a token, which works on loopback when no HEALTH_TOKEN is
 * set. A 401 brings up a token form; the token is kept in this tab's `sessionStorage` until
 * "Forget token". Polling stops on unmount and while the form waits; failures back off (with
 * jitter) and are shown, and the next success clears them.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ComponentChildren, JSX } from "preact";
import { backoffDelayMs } from "../lib/backoff.ts";
import { formatDuration, formatNumber, formatPercent, formatRate } from "../lib/status_format.ts";
import { chartScale, RingBuffer } from "../lib/status_series.ts";
import { useCountdown } from "./shared/countdown.ts";
import { LineChart, LobbySizes } from "./shared/status_charts.tsx";
import {
  fetchDetailedHealth,
  forgetToken,
  loadToken,
  nextSample,
  saveToken,
  type StatusSample,
} from "./shared/status_client.ts";

/** Props of {@link StatusPage}. */
export interface StatusPageProps {
  /** Time between polls, in ms. */
  pollMs: number;
  /** How much history the charts show, in ms. */
  historyMs: number;
}

const _MAX_BACKOFF_MS = 30_000;
const _ASK_MESSAGE = "This server shows its figures only to operators. Enter its HEALTH_TOKEN; " +
  "it is kept in this tab only.";
const _REJECTED_MESSAGE = "That token was not accepted. Check HEALTH_TOKEN and try again.";

const _now = () => performance.now();

/** The live status dashboard. */
export function StatusPage({ pollMs, historyMs }: StatusPageProps): JSX.Element {
  const ring = useRef(new RingBuffer<StatusSample>(Math.ceil(historyMs / pollMs) + 1));
  const [samples, setSamples] = useState<StatusSample[]>([]);
  const [token, setToken] = useState<string | null>(null);
  // Bumped to (re)start polling; 0 until hydrated, so the server renders the waiting state.
  const [run, setRun] = useState(0);
  const [askMessage, setAskMessage] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<{ message: string; retryAt: number } | null>(null);
  const retryIn = useCountdown(failure?.retryAt ?? null, _now);

  useEffect(() => {
    setToken(loadToken());
    setRun(1);
  }, []);

  useEffect(() => {
    if (run === 0) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      const answer = await fetchDetailedHealth(token, abort.signal);
      if (abort.signal.aborted) return;
      setChecking(false);
      if (answer.kind === "unauthorized") {
        if (token !== null) forgetToken();
        setAskMessage(token === null ? _ASK_MESSAGE : _REJECTED_MESSAGE);
        setFailure(null);
        return; // Nothing to poll until someone gives a token.
      }
      if (answer.kind === "failed") {
        const delay = backoffDelayMs(failures++, {
          baseMs: pollMs,
          maxMs: _MAX_BACKOFF_MS,
          retryAfterMs: pollMs,
        });
        setFailure({ message: answer.message, retryAt: _now() + delay });
        timer = setTimeout(poll, delay);
        return;
      }
      failures = 0;
      setAskMessage(null);
      setFailure(null);
      ring.current.push(nextSample(ring.current.at(-1), answer.health, _now()));
      setSamples(ring.current.toArray());
      timer = setTimeout(poll, pollMs);
    };
    poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [token, run]);

  const submitToken = (value: string) => {
    saveToken(value);
    setToken(value);
    setChecking(true);
    setRun((n) => n + 1);
  };

  const forget = () => {
    forgetToken();
    ring.current.clear();
    setSamples([]);
    setToken(null);
    setRun((n) => n + 1);
  };

  const latest = samples.at(-1);
  const shuttingDown = latest?.health.status === "shutting_down";
  return (
    <section class="status" aria-labelledby="status-title">
      <header class="status-head">
        <div>
          <p class="eyebrow">Operators</p>
          <h1 id="status-title">Server status</h1>
        </div>
        <div class="status-head-side">
          {latest && askMessage === null && (
            <span
              class={`status-badge ${shuttingDown ? "status-badge-warn" : "status-badge-ok"}`}
              data-metric="status"
            >
              {shuttingDown ? "Shutting down" : "Healthy"}
            </span>
          )}
          {token !== null && askMessage === null && (
            <button type="button" class="button small ghost" onClick={forget}>
              Forget token
            </button>
          )}
        </div>
      </header>
      {failure && (
        <p class="status-alert" role="alert" data-status-error>
          {failure.message} {retryIn !== null && retryIn > 0
            ? `Trying again in ${retryIn} s.`
            : "Trying again…"}
        </p>
      )}
      {askMessage !== null
        ? <TokenForm message={askMessage} checking={checking} onSubmit={submitToken} />
        : latest
        ? <Dashboard samples={samples} pollMs={pollMs} historyMs={historyMs} />
        : <p class="status-waiting muted">Fetching the server's figures…</p>}
    </section>
  );
}

function TokenForm(
  { message, checking, onSubmit }: {
    message: string;
    checking: boolean;
    onSubmit: (token: string) => void;
  },
): JSX.Element {
  const [value, setValue] = useState("");
  const submit = (event: Event) => {
    event.preventDefault();
    const token = value.trim();
    if (token !== "" && !checking) onSubmit(token);
  };
  return (
    <form class="card status-token" onSubmit={submit} aria-labelledby="status-token-title">
      <h2 id="status-token-title">Operator token</h2>
      <p class="status-token-message" role="alert">{message}</p>
      <div class="status-token-row">
        <label class="field grow">
          <span class="field-label">HEALTH_TOKEN</span>
          <input
            name="token"
            type="password"
            value={value}
            autoComplete="off"
            spellcheck={false}
            required
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button primary" disabled={checking}>
          {checking ? "Checking…" : "Show status"}
        </button>
      </div>
    </form>
  );
}

function Dashboard(
  { samples, pollMs, historyMs }: { samples: StatusSample[]; pollMs: number; historyMs: number },
): JSX.Element {
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
  const rateNow = (value: number | null) => value === null ? "waiting for a second sample" : formatRate(value);

  return (
    <>
      <dl class="status-stats">
        <Stat label="Connections" metric="connections" value={formatNumber(connections.total_connections)}>
          of {formatNumber(connections.max_connections)} ({formatPercent(used)})
        </Stat>
        <Stat label="Active lobbies" metric="active_lobbies" value={formatNumber(connections.active_lobbies)} />
        <Stat label="Active sessions" metric="active_sessions" value={formatNumber(games.active_sessions)}>
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
          value={`${formatNumber(connections.total_connections)} / ${formatNumber(connections.max_connections)}`}
          summary={`WebSocket connections over the last ${minutes} minutes: now ${connections.total_connections} of at most ${connections.max_connections}.`}
          series={[{ name: "Open", points: connectionPoints, tone: 1 }]}
          limit={{ value: connections.max_connections, name: "Limit" }}
          scale={chartScale(values(connectionPoints), { include: [0, connections.max_connections] })}
          formatAxis={(n) => formatNumber(n)}
          {...frame}
        />
        <LineChart
          metric="cache_hit_rate"
          title="Cache hit rate"
          value={formatPercent(cache.hit_rate)}
          summary={`Lobby cache hit rate over the last ${minutes} minutes: now ${formatPercent(cache.hit_rate)}.`}
          series={[{ name: "Hit rate", points: hitRatePoints, tone: 1 }]}
          scale={chartScale(values(hitRatePoints), { include: [0, 1] })}
          formatAxis={formatPercent}
          note={`${formatNumber(cache.hits)} hits, ${formatNumber(cache.misses)} misses since start; ${
            formatNumber(cache.cached_lobbies)
          } lobbies cached`}
          {...frame}
        />
        <LineChart
          metric="messages"
          title="Messages"
          value={`${formatRate(latest.messagesInPerSecond)} in · ${formatRate(latest.messagesOutPerSecond)} out`}
          summary={`WebSocket messages per second over the last ${minutes} minutes: now ${
            rateNow(latest.messagesInPerSecond)
          } in and ${rateNow(latest.messagesOutPerSecond)} out.`}
          series={[
            { name: "In", points: inPoints, tone: 1 },
            { name: "Out", points: outPoints, tone: 2 },
          ]}
          scale={chartScale([...values(inPoints), ...values(outPoints)], { include: [0], nice: true })}
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
          summary={`Resident memory over the last ${minutes} minutes: now ${formatNumber(system.memory_mb, 1)} MB.`}
          series={[{ name: "Resident", points: memoryPoints, tone: 1 }]}
          scale={chartScale(values(memoryPoints), { minSpan: 8 })}
          formatAxis={(n) => `${formatNumber(n)} MB`}
          note={`V8 heap ${formatNumber(system.heap_used_mb, 1)} MB`}
          {...frame}
        />
        <LobbySizes sizes={connections.lobby_sizes} maxPerLobby={connections.max_connections_per_lobby} />
      </div>
      <p class="status-note">
        Charts show the last {minutes} minutes, one sample every {formatNumber(pollMs / 1000, 1)} s.
      </p>
    </>
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
