/**
 * Counters of HTTP traffic by route and status, and of rate-limit refusals by policy. Routes are
 * reduced to a fixed set of patterns first, so a client cannot grow these maps with new paths.
 *
 * @example
 * ```ts
 * const stats = new HttpStats();
 * stats.record("/api/lobbies/K7QX2M/join", 200); // counted under "/api/lobbies/:code/join"
 * ```
 */

const _ROUTES: Array<[RegExp, string]> = [
  [/^\/api\/lobbies\/?$/, "/api/lobbies"],
  [/^\/api\/lobbies\/[^/]+\/?$/, "/api/lobbies/:code"],
  [/^\/api\/lobbies\/[^/]+\/(join|leave|start)\/?$/, "/api/lobbies/:code/$1"],
  [/^\/ws\/[^/]+$/, "/ws/:code"],
  [/^\/health\/detailed$/, "/health/detailed"],
  [/^\/health$/, "/health"],
  [/^\/metrics$/, "/metrics"],
  [/^\/status$/, "/status"],
  [/^\/static\//, "/static/*"],
  [/^\/lobby\/[^/]+$/, "/lobby/:code"],
  [/^\/$/, "/"],
];

/** The route pattern a path belongs to, or "other". */
export function routeOf(path: string): string {
  for (const [pattern, name] of _ROUTES) {
    const match = pattern.exec(path);
    if (match) return name.replace("$1", match[1] ?? "");
  }
  return "other";
}

/** Request and refusal counters. */
export class HttpStats {
  readonly #requests = new Map<string, number>();
  readonly #limited = new Map<string, number>();

  /** Counts one answered request. */
  record(path: string, status: number): void {
    const key = `${routeOf(path)} ${status >= 100 && status < 600 ? status : 0}`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
  }

  /** Counts one refusal under `policy` (a fixed, server-chosen name). */
  recordLimited(policy: string): void {
    this.#limited.set(policy, (this.#limited.get(policy) ?? 0) + 1);
  }

  /** Requests by route and status. */
  requests(): Array<{ route: string; status: string; count: number }> {
    return [...this.#requests].map(([key, count]) => {
      const [route, status] = key.split(" ") as [string, string];
      return { route, status, count };
    });
  }

  /** Refusals by policy. */
  limited(): ReadonlyMap<string, number> {
    return this.#limited;
  }

  /** All refusals so far. */
  get limitedTotal(): number {
    let total = 0;
    for (const n of this.#limited.values()) total += n;
    return total;
  }
}
