/**
 * A known address asked with another method answers 405 with the methods it takes in `Allow`
 * (RFC 9110), so a client author sees the mistake instead of a puzzling 404.
 *
 * @example
 * ```ts
 * answerWrongMethods(app, [["/api/lobbies", "POST"], ["/health", "GET, HEAD"]]);
 * ```
 */
import type { Env, Hono } from "hono";
import { AppError, ErrorCode } from "../lib/errors.ts";

/**
 * For each `[path, allow]`, answers every method that no earlier route of `app` took with 405.
 * Register it after the routes that serve those paths.
 */
export function answerWrongMethods<E extends Env>(
  app: Hono<E>,
  addresses: ReadonlyArray<readonly [path: string, allow: string]>,
): void {
  for (const [path, allow] of addresses) {
    app.all(path, () => {
      throw new AppError(405, ErrorCode.MethodNotAllowed, `Use ${allow.split(",")[0]} here.`)
        .withHeaders({ allow });
    });
  }
}
