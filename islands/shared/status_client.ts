/**
 * The status page's side of `/health/detailed`: one poll as a result (never an exception), the
 * operator token kept in this tab's `sessionStorage`, and the step from one answer to the next
 * chart sample (rates from counter deltas).
 *
 * @example
 * ```ts
 * const answer = await fetchDetailedHealth(loadToken(), new AbortController().signal);
 * if (answer.kind === "ok") console.log(answer.health.connections.total_connections);
 * ```
 */
import type { DetailedHealth } from "../../lib/health_report.ts";
import { counterRate } from "../../lib/status_series.ts";

/** One poll's outcome. */
export type HealthAnswer =
  | { kind: "ok"; health: DetailedHealth }
  | { kind: "unauthorized" }
  | { kind: "failed"; message: string };

/** One point of history: the answer, when it came, and the rates since the previous one. */
export interface StatusSample {
  /** `performance.now()` when the answer arrived. */
  atMs: number;
  health: DetailedHealth;
  messagesInPerSecond: number | null;
  messagesOutPerSecond: number | null;
  rateLimitedPerSecond: number | null;
}

const _TOKEN_KEY = "status-health-token";

/** Asks for the detailed health, with the token when there is one. */
export async function fetchDetailedHealth(
  token: string | null,
  signal: AbortSignal,
): Promise<HealthAnswer> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch("/health/detailed", { headers, signal, cache: "no-store" });
  } catch {
    return { kind: "failed", message: "Can't reach the server." };
  }
  if (response.status === 401) {
    await response.body?.cancel();
    return { kind: "unauthorized" };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
    return {
      kind: "failed",
      message: `The server answered ${response.status}${
        typeof message === "string" ? `: ${message}` : "."
      }`,
    };
  }
  if (!_looksLikeHealth(body)) {
    return { kind: "failed", message: "The server's answer is not the expected health report." };
  }
  return { kind: "ok", health: body };
}

/** The next sample after `previous` (undefined for the first, which has no rates yet). */
export function nextSample(
  previous: StatusSample | undefined,
  health: DetailedHealth,
  atMs: number,
): StatusSample {
  const rate = (read: (h: DetailedHealth) => number) =>
    counterRate(
      previous && { atMs: previous.atMs, value: read(previous.health) },
      { atMs, value: read(health) },
    );
  return {
    atMs,
    health,
    messagesInPerSecond: rate((h) => h.traffic.messages_in_total),
    messagesOutPerSecond: rate((h) => h.traffic.messages_out_total),
    rateLimitedPerSecond: rate((h) => h.rate_limits.rejections_total),
  };
}

/** The token this tab was given, or null. Missing storage (private modes) counts as none. */
export function loadToken(): string | null {
  try {
    const token = sessionStorage.getItem(_TOKEN_KEY);
    return token === null || token === "" ? null : token;
  } catch {
    return null;
  }
}

/** Remembers the token for this tab only; it is gone when the tab closes. */
export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(_TOKEN_KEY, token);
  } catch {
    // Without storage the token lives only as long as the page.
  }
}

/** Forgets the token. */
export function forgetToken(): void {
  try {
    sessionStorage.removeItem(_TOKEN_KEY);
  } catch {
    // Nothing was stored.
  }
}

function _looksLikeHealth(body: unknown): body is DetailedHealth {
  const h = body as Partial<DetailedHealth> | null | undefined;
  return typeof h?.connections?.total_connections === "number" &&
    typeof h.cache?.hit_rate === "number" &&
    typeof h.traffic?.messages_in_total === "number" &&
    typeof h.rate_limits?.rejections_total === "number" &&
    typeof h.system?.memory_mb === "number" &&
    typeof h.games?.active_sessions === "number";
}
