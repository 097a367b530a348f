/**
 * The browser's calls to the lobby HTTP API, as results rather than exceptions: every expected
 * failure (404, 409, 429 ...) and a lost network come back as an {@link ApiFailure} with a
 * stable code, which {@link friendlyError} turns into words for a person.
 *
 * @example
 * ```ts
 * const result = await joinLobby("K7QX2M", "Ada");
 * if (!result.ok) showError(friendlyError(result.failure));
 * ```
 */
import type { PublicLobby } from "../../lib/protocol.ts";

/** Why a call failed: the server's error code, or `network` when no answer came. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  /** From `Retry-After`, when the server sent one. */
  retryAfterMs?: number;
}

/** The outcome of one call. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; failure: ApiFailure };

/** A seat in a lobby, as create and join hand it out. */
export interface SeatResponse {
  playerId: string;
  token: string;
  lobby: PublicLobby;
}

/** `POST /api/lobbies`: a new lobby with the caller as host. */
export function createLobby(name: string): Promise<ApiResult<SeatResponse & { code: string }>> {
  return _call("POST", "/api/lobbies", { body: { name } });
}

/** `GET /api/lobbies/:code`. */
export function fetchLobby(code: string): Promise<ApiResult<{ lobby: PublicLobby }>> {
  return _call("GET", `/api/lobbies/${encodeURIComponent(code)}`);
}

/** `POST /api/lobbies/:code/join`. */
export function joinLobby(code: string, name: string): Promise<ApiResult<SeatResponse>> {
  return _call("POST", `/api/lobbies/${encodeURIComponent(code)}/join`, { body: { name } });
}

/** `POST /api/lobbies/:code/leave`. */
export function leaveLobby(code: string, token: string): Promise<ApiResult<unknown>> {
  return _call("POST", `/api/lobbies/${encodeURIComponent(code)}/leave`, { token });
}

/** `POST /api/lobbies/:code/start` (host only). */
export function startLobby(
  code: string,
  token: string,
): Promise<ApiResult<{ lobby: PublicLobby }>> {
  return _call("POST", `/api/lobbies/${encodeURIComponent(code)}/start`, { token });
}

/** Words for a person about a failed call or a refused connection. */
export function friendlyError(
  failure: Pick<ApiFailure, "code" | "message" | "retryAfterMs">,
): string {
  switch (failure.code) {
    case "lobby_not_found":
      return "No lobby has that code. Check it and try again.";
    case "lobby_full":
      return "This lobby is full.";
    case "game_started":
      return "This game has already started, so no one can join it now.";
    case "name_taken":
      return "Someone in this lobby already has that name. Pick another.";
    case "rate_limited": {
      const seconds = failure.retryAfterMs === undefined
        ? null
        : Math.max(1, Math.ceil(failure.retryAfterMs / 1000));
      return seconds === null
        ? "Too many tries, wait a moment."
        : `Too many tries, wait ${seconds}\u00a0s.`;
    }
    case "invalid_code":
      return "A join code is 6 letters and digits, like K7QX2M.";
    case "not_host":
      return "Only the host can start the game.";
    case "unauthorized":
      return "Your seat in this lobby has expired. Please join again.";
    case "server_full":
    case "server_busy":
      return "Servers are busy right now. Please try again in a few minutes!";
    case "shutting_down":
      return "The server is restarting. Please try again in a moment.";
    case "network":
      return "Can't reach the server. Check your connection and try again.";
    default:
      // Validation messages (a bad name, say) are written for people already.
      return failure.message || "Something went wrong. Please try again.";
  }
}

async function _call<T>(
  method: "GET" | "POST",
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    return { ok: false, failure: { status: 0, code: "network", message: "" } };
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: payload as T };
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const failure: ApiFailure = {
    status: response.status,
    code: typeof error?.code === "string" ? error.code : `http_${response.status}`,
    message: typeof error?.message === "string" ? error.message : "",
  };
  const retryAfter = Number(response.headers.get("retry-after"));
  if (response.headers.has("retry-after") && Number.isFinite(retryAfter)) {
    failure.retryAfterMs = retryAfter * 1000;
  }
  return { ok: false, failure };
}
