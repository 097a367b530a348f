/**
 * Reads a small JSON object from a request, with a clear error for every way it can be wrong:
 * 415 for another content type, 413 past the size limit (checked while reading, not trusted from
 * `Content-Length`), 400 `invalid_json` for bytes that are not JSON, 400 `bad_request` for JSON
 * that is not an object.
 *
 * @example
 * ```ts
 * const body = await readJsonObject(c.req.raw, 4096);
 * const name = body.name; // unknown: validate it
 * ```
 */
import { AppError, ErrorCode } from "./errors.ts";

/** The parsed object; its values are unchecked. */
export type JsonObject = Record<string, unknown>;

/** Reads at most `maxBytes` of JSON object from `request`. */
export async function readJsonObject(request: Request, maxBytes: number): Promise<JsonObject> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(415, ErrorCode.UnsupportedMediaType, "Send the body as application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw _tooLarge(maxBytes);
  const bytes = await _readCapped(request, maxBytes);
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

async function _readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw _tooLarge(maxBytes);
      chunks.push(value);
    }
  } finally {
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
