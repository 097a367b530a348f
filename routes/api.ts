/**
 * The lobby HTTP API: thin adapters that parse, call {@link LobbyService}, and map the result.
 * Rate limits are applied by middleware in `lib/app.ts`; errors by its error handler.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { LIMITS } from "../lib/config.ts";
import { AppError, ErrorCode } from "../lib/errors.ts";
import type { AppEnv } from "../lib/http_env.ts";
import { normalizeJoinCode } from "../lib/join_code.ts";
import { readJsonObject } from "../lib/json_body.ts";
import type { LobbyService } from "../lib/lobby_service.ts";
import { answerWrongMethods } from "./wrong_method.ts";

const _BODY_LIMITS = { maxBytes: LIMITS.maxBodyBytes, timeoutMs: LIMITS.bodyReadMs };

/** Routes under `/api/lobbies`. */
export function apiRoutes(service: LobbyService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/api/lobbies", async (c) => {
    const body = await readJsonObject(c.req.raw, _BODY_LIMITS);
    return c.json(await service.create(body.name), 201);
  });

  app.get("/api/lobbies/:code", async (c) => {
    return c.json({ lobby: await service.get(_code(c)) });
  });

  app.post("/api/lobbies/:code/join", async (c) => {
    const code = _code(c);
    const body = await readJsonObject(c.req.raw, _BODY_LIMITS);
    return c.json(await service.join(code, body.name));
  });

  app.post("/api/lobbies/:code/leave", async (c) => {
    const code = _code(c);
    await service.leave(code, _bearer(c));
    return c.json({ left: true });
  });

  app.post("/api/lobbies/:code/start", async (c) => {
    const code = _code(c);
    return c.json({ lobby: await service.start(code, _bearer(c)) });
  });

  answerWrongMethods(app, [
    ["/api/lobbies", "POST"],
    ["/api/lobbies/:code", "GET, HEAD"],
    ["/api/lobbies/:code/join", "POST"],
    ["/api/lobbies/:code/leave", "POST"],
    ["/api/lobbies/:code/start", "POST"],
  ]);

  return app;
}

function _code(c: Context<AppEnv>): string {
  const code = normalizeJoinCode(c.req.param("code") ?? "");
  if (code === null) {
    throw new AppError(400, ErrorCode.InvalidCode, "A join code is 6 letters and digits.");
  }
  return code;
}

function _bearer(c: Context<AppEnv>): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!match) {
    throw new AppError(401, ErrorCode.Unauthorized, "Send your player token as a Bearer token.");
  }
  return match[1]!;
}
