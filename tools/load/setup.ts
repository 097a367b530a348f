/**
 * The HTTP half of the real flow: for each lobby, its first player creates it, the others join
 * with the code, and the host starts the game, so the WebSockets open on a game in progress.
 * Failures are counted by status and error code, never thrown: a load test reports them.
 *
 * @example
 * ```ts
 * const { seats, errors } = await seatPlayers("http://127.0.0.1:8000", 20, 10, 16);
 * seats[0]?.token; // the host of lobby 0
 * ```
 */
import { runPool } from "./pool.ts";

/** A player's place: its lobby's code and its credentials. */
export interface Seat {
  index: number;
  code: string;
  playerId: string;
  token: string;
}

/** Outcome of {@link seatPlayers}: `seats[i]` is null when player `i` got no seat. */
export interface SeatingResult {
  seats: (Seat | null)[];
  /** Failed requests by `"<step> <status> <code>"`. */
  errors: Record<string, number>;
}

/** Seats `players` players in lobbies of `lobbySize`, `concurrency` lobbies at a time. */
export async function seatPlayers(
  baseUrl: string,
  players: number,
  lobbySize: number,
  concurrency: number,
  onLobbyDone?: (seated: number) => void,
): Promise<SeatingResult> {
  const seats: (Seat | null)[] = new Array(players).fill(null);
  const errors: Record<string, number> = {};
  const fail = (step: string, status: number, body: unknown) => {
    const code = (body as { error?: { code?: string } } | null)?.error?.code ?? "no_code";
    const key = `${step} ${status} ${code}`;
    errors[key] = (errors[key] ?? 0) + 1;
  };
  let seated = 0;
  await runPool(Math.ceil(players / lobbySize), concurrency, async (lobby) => {
    const first = lobby * lobbySize;
    const last = Math.min(players, first + lobbySize);
    const created = await _post(baseUrl, "/api/lobbies", { name: `p${first}` });
    if (created.status !== 201) return fail("create", created.status, created.body);
    const host = created.body as { code: string; playerId: string; token: string };
    seats[first] = { index: first, code: host.code, playerId: host.playerId, token: host.token };
    // One join at a time per lobby: concurrent joins of one lobby only fight over its record.
    for (let i = first + 1; i < last; i++) {
      const joined = await _post(baseUrl, `/api/lobbies/${host.code}/join`, { name: `p${i}` });
      if (joined.status !== 200) {
        fail("join", joined.status, joined.body);
        continue;
      }
      const seat = joined.body as { playerId: string; token: string };
      seats[i] = { index: i, code: host.code, playerId: seat.playerId, token: seat.token };
    }
    const started = await _post(baseUrl, `/api/lobbies/${host.code}/start`, {}, host.token);
    if (started.status !== 200) fail("start", started.status, started.body);
    seated += last - first;
    onLobbyDone?.(seated);
  });
  return { seats, errors };
}

async function _post(
  baseUrl: string,
  path: string,
  json: unknown,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(baseUrl + path, {
      method: "POST",
      headers,
      body: JSON.stringify(json),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: null };
    }
  } catch (error) {
    return { status: 0, body: { error: { code: `unreachable (${_networkReason(error)})` } } };
  }
}

/** The end of a fetch error's story, as a person needs it: refused, no such host, blocked. */
function _networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const text = String(cause instanceof Error ? cause.message : (error as Error)?.message ?? "");
  return text.split(": ").at(-1)?.trim() || "network error";
}
