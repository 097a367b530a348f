/**
 * Builds the Hono app from the services: client address, request counting, security headers,
 * rate limits, then the routes, and one error handler that turns {@link AppError} into JSON.
 * A request's walk: `main.ts` -> `lib/server.ts` (Deno.serve) -> here -> `routes/*`.
 */
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import { clientIp, rateLimitKey } from "./client_ip.ts";
import type { Config } from "./config.ts";
import { AppError, errorBody, ErrorCode } from "./errors.ts";
import type { HttpStats } from "./http_stats.ts";
import type { AppEnv } from "./http_env.ts";
import { clientKeyOf } from "./http_env.ts";
import { rateLimit } from "./rate_limit_middleware.ts";
import type { RateLimiter } from "./rate_limiter.ts";
import type { LobbyService } from "./lobby_service.ts";
import type { GameSocketDeps } from "./ws_endpoint.ts";
import type { HealthReporter } from "./health_report.ts";
import { apiRoutes } from "../routes/api.ts";
import { wsRoutes } from "../routes/ws.ts";
import { healthRoutes } from "../routes/health.ts";
import { pageRoutes } from "../routes/pages.tsx";
import { staticRoutes } from "../routes/static.ts";
import { statusRoutes } from "../routes/status.tsx";

/** The HTTP rate limiters, one per policy. */
export interface Limiters {
  api: RateLimiter;
  create: RateLimiter;
  join: RateLimiter;
}

/** Everything the routes need. */
export interface AppDeps {
  config: Config;
  service: LobbyService;
  sockets: GameSocketDeps;
  limiters: Limiters;
  httpStats: HttpStats;
  health: HealthReporter;
  isShuttingDown(): boolean;
}

const _MINUTE_SECONDS = 60;

/** The whole HTTP surface of the server. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, limiters, httpStats } = deps;
  const app = new Hono<AppEnv>();

  app.use(_clientAddress(config.TRUST_PROXY));
  app.use(async (c, next) => {
    await next();
    httpStats.record(c.req.path, c.res.status);
    if (c.res.status === 101) return; // An upgrade's headers are already on the wire.
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "same-origin");
    if (c.res.headers.get("content-type")?.startsWith("text/html")) {
      c.res.headers.set(
        "Content-Security-Policy",
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; " +
          "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
      );
    }
  });

  const limit = (name: string, limiter: RateLimiter): MiddlewareHandler<AppEnv> =>
    rateLimit({
      name,
      limiter,
      windowSeconds: _MINUTE_SECONDS,
      keyOf: clientKeyOf as (c: Context) => string,
      onLimited: (policy) => httpStats.recordLimited(policy),
    });
  // /health is deliberately outside every limit: load balancers poll it.
  app.use("/api/*", limit("api", limiters.api));
  app.use("/ws/*", limit("api", limiters.api));
  // A lobby page reads the store for its code (to answer 404 for a dead link), so it counts as
  // an API call: random codes cannot be tried through it either.
  app.use("/lobby/*", limit("api", limiters.api));
  app.on("POST", "/api/lobbies", limit("lobby_create", limiters.create));
  app.on("POST", "/api/lobbies/:code/join", limit("lobby_join", limiters.join));

  app.route("/", healthRoutes(deps.health, config.HEALTH_TOKEN));
  app.route("/", apiRoutes(deps.service));
  app.route("/", wsRoutes(deps.sockets, config.ALLOWED_ORIGINS, config.TRUST_PROXY));
  app.route("/", staticRoutes());
  app.route("/", statusRoutes());
  app.route(
    "/",
    pageRoutes({ lobbyExists: async (code) => (await deps.service.read(code)) !== null }),
  );

  app.notFound((c) => c.json(errorBody(new AppError(404, ErrorCode.NotFound, "Not found.")), 404));
  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.json(errorBody(error), error.status as 400, error.headers);
    }
    console.error("unexpected error", c.req.method, c.req.path, error);
    const internal = new AppError(500, ErrorCode.Internal, "Something went wrong on our side.");
    return c.json(errorBody(internal), 500);
  });
  return app;
}

function _clientAddress(trustedHops: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const addr = c.env?.remoteAddr;
    const remote = addr && "hostname" in addr ? addr.hostname : "unknown";
    const ip = clientIp(remote, c.req.header("x-forwarded-for") ?? null, trustedHops);
    c.set("clientIp", ip);
    c.set("clientKey", rateLimitKey(ip));
    await next();
  };
}
