/**
 * The one application error type. Every expected failure that reaches a client carries an HTTP
 * status and a stable string code; `routes/` maps it to `{"error": {"code", "message"}}`.
 *
 * @example
 * ```ts
 * throw new AppError(404, ErrorCode.LobbyNotFound, "No lobby has that code.");
 * ```
 */

/** Stable error codes shared by the HTTP API and the WebSocket protocol. */
export const ErrorCode = {
  BadRequest: "bad_request",
  InvalidJson: "invalid_json",
  InvalidName: "invalid_name",
  InvalidCode: "invalid_code",
  UnsupportedMediaType: "unsupported_media_type",
  PayloadTooLarge: "payload_too_large",
  RequestTimeout: "request_timeout",
  Unauthorized: "unauthorized",
  Forbidden: "forbidden",
  NotHost: "not_host",
  NotFound: "not_found",
  MethodNotAllowed: "method_not_allowed",
  LobbyNotFound: "lobby_not_found",
  LobbyFull: "lobby_full",
  GameStarted: "game_started",
  NameTaken: "name_taken",
  RateLimited: "rate_limited",
  ServerFull: "server_full",
  ServerBusy: "server_busy",
  ShuttingDown: "shutting_down",
  Internal: "internal_error",
} as const;

/** One of the values of {@link ErrorCode}. */
export type ErrorCode = typeof ErrorCode[keyof typeof ErrorCode];

/** An expected failure with the HTTP status and stable code to answer with. */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** Extra response header fields, such as `Retry-After`. */
  headers: Record<string, string> = {};

  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.status = status;
    this.code = code;
  }

  /** Adds response header fields to send with this error; returns the error. */
  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** Builds the JSON body for an {@link AppError}. */
export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message } };
}
