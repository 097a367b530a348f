/**
 * What the browser does when its game socket closes: retry by itself (a full or restarting
 * server, a lost connection) or stop until the player asks (left, bad token, replaced, a policy
 * close). Shared by the client socket and its tests; imports nothing from Deno or the server.
 *
 * @example
 * ```ts
 * closeOutcome(4003, "server_full"); // { reason: "server_full", retry: true }
 * closeOutcome(1006, "", "rate_limited"); // { reason: "rate_limited", retry: false }
 * ```
 */
import { CloseReason } from "./protocol.ts";

const RETRY_REASONS: ReadonlySet<string> = new Set([
  CloseReason.ServerFull,
  CloseReason.LobbyFull,
  CloseReason.ServerShutdown,
  CloseReason.SlowConsumer,
  "connection_lost",
  "timeout",
]);
const STOP_REASONS: ReadonlySet<string> = new Set([
  CloseReason.Left,
  CloseReason.Unauthorized,
  CloseReason.Replaced,
  CloseReason.LobbyNotFound,
  CloseReason.RateLimited,
  CloseReason.InvalidMessages,
  CloseReason.MessageTooBig,
]);
const DEFAULT_REASONS: Readonly<Record<number, string>> = {
  1000: CloseReason.Left,
  1001: CloseReason.ServerShutdown,
  1008: CloseReason.RateLimited,
  1009: CloseReason.MessageTooBig,
  4001: CloseReason.Unauthorized,
  4002: CloseReason.Replaced,
  4003: CloseReason.ServerFull,
  4004: CloseReason.LobbyNotFound,
  4008: CloseReason.SlowConsumer,
};

/**
 * Why a connection ended and whether to retry on our own. `inBandCode` is the `code` of an
 * `error` message received just before the close; it stands in for a reason the browser lost.
 */
export function closeOutcome(
  closeCode: number,
  closeReason: string,
  inBandCode?: string,
): { reason: string; retry: boolean } {
  for (const candidate of [closeReason, inBandCode]) {
    if (candidate && RETRY_REASONS.has(candidate)) return { reason: candidate, retry: true };
    if (candidate && STOP_REASONS.has(candidate)) return { reason: candidate, retry: false };
  }
  const reason = DEFAULT_REASONS[closeCode] ?? "connection_lost";
  return { reason, retry: RETRY_REASONS.has(reason) };
}
