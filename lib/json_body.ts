/**
 * Reads a small JSON object from a request, with a clear error for every way it can be wrong:
 * 415 for another content type or a charset other than UTF-8, 413 past the size limit (checked
 * while reading, not trusted from `Content-Length`), 408 for a body that does not arrive in
 * time (a slow client must not hold a request, its memory and shutdown open), 400
 * `bad_request` for a body the client abandoned or JSON that is not an object, 400
 * `invalid_json` for bytes that are not JSON.
 *
 * @example
 * ```ts
 * const body = await readJsonObject(c.req.raw, { maxBytes: 4096, timeoutMs: 10_000 });
 * const name = body.name; // unknown: validate it
 * ```
 */
import { AppError, ErrorCode } from "./errors.ts";

/** The parsed object; its values are unchecked. */
export type JsonObject = Record<string, unknown>;

/** Limits of {@link readJsonObject}. */
export interface BodyLimits {
  maxBytes: number;
  /** The whole body must arrive within this many ms of starting to read it. */
  timeoutMs: number;
}

/** Reads at most `maxBytes` of JSON object from `request`, within `timeoutMs`. */
export async function readJsonObject(request: Request, limits: BodyLimits): Promise<JsonObject> {
  const type = request.headers.get("content-type") ?? "";
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1]?.toLowerCase();
  if (
    !/^application\/json\s*(;|$)/i.test(type) ||
    (charset !== undefined && charset !== "utf-8" && charset !== "utf8")
  ) {
    throw new AppError(
      415,
      ErrorCode.UnsupportedMediaType,
      "Send the body as application/json in UTF-8.",
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limits.maxBytes) throw _tooLarge(limits.maxBytes);
  const bytes = await _readCapped(request, limits);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AppError(400, ErrorCode.InvalidJson, "The body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError(400, ErrorCode.BadRequest, "The body must be a JSON object.");
  }
  return value as JsonObject;
}

async function _readCapped(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timedOut = false;
  // Cancelling the reader ends a read that is waiting on a stalled client.
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, limits.timeoutMs);
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (timedOut) throw _timedOut();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) throw _tooLarge(limits.maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (timedOut) throw _timedOut();
    // The client hung up mid-body: its fault, not ours, and nobody is left to read the answer.
    throw new AppError(400, ErrorCode.BadRequest, "The request body could not be read.");
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function _tooLarge(maxBytes: number): AppError {
  return new AppError(413, ErrorCode.PayloadTooLarge, `The body can be at most ${maxBytes} bytes.`);
}

function _timedOut(): AppError {
  return new AppError(408, ErrorCode.RequestTimeout, "The request body took too long to arrive.");
}
