/**
 * `GET /ws/:code?token=...`: checks the origin before the upgrade (403), then hands the request
 * to the WebSocket endpoint, which reserves a slot and runs the connection. Everything else,
 * shutdown included, is answered after the upgrade with a close code a browser can read.
 */
import { Hono } from "hono";
import { AppError, ErrorCode } from "../lib/errors.ts";
import type { AppEnv } from "../lib/http_env.ts";
import { isOriginAllowed, requestHost } from "../lib/origin.ts";
import { acceptGameSocket, type GameSocketDeps } from "../lib/ws_endpoint.ts";
import { answerWrongMethods } from "./wrong_method.ts";

/** The game socket route. */
export function wsRoutes(
  deps: GameSocketDeps,
  allowedOrigins: readonly string[],
  trustProxy: number,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/ws/:code", (c) => {
    // Hono routes HEAD here too, and an upgrade is a GET only (RFC 6455).
    if (c.req.method !== "GET") {
      throw new AppError(405, ErrorCode.MethodNotAllowed, "Use GET here.")
        .withHeaders({ allow: "GET" });
    }
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError(426, ErrorCode.BadRequest, "This address takes WebSocket connections.");
    }
    const host = requestHost(c.req.raw.headers, trustProxy);
    if (!isOriginAllowed(c.req.header("origin") ?? null, host, allowedOrigins)) {
      throw new AppError(403, ErrorCode.Forbidden, "This page may not open a game socket here.");
    }
    return acceptGameSocket(c.req.raw, c.req.param("code"), c.req.query("token") ?? "", deps);
  });
  answerWrongMethods(app, [["/ws/:code", "GET"]]);
  return app;
}
