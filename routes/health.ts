/**
 * Operator endpoints: `/health` for load balancers (no store, no limit), `/health/detailed`
 * and `/metrics` for people and scrapers (token or loopback, see `lib/operator_access.ts`).
 */
import { Hono } from "hono";
import { AppError, ErrorCode } from "../lib/errors.ts";
import type { HealthReporter } from "../lib/health_report.ts";
import type { AppEnv } from "../lib/http_env.ts";
import { isOperator } from "../lib/operator_access.ts";
import { PROMETHEUS_CONTENT_TYPE, toPrometheusText } from "../lib/prometheus.ts";
import { answerWrongMethods } from "./wrong_method.ts";

/** `/health`, `/health/detailed` and `/metrics`. */
export function healthRoutes(health: HealthReporter, healthToken: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/health", (c) => {
    c.header("Cache-Control", "no-store");
    return health.isShuttingDown()
      ? c.json({ status: "shutting_down" }, 503)
      : c.json({ status: "healthy" });
  });

  app.use("/health/detailed", async (c, next) => {
    if (!isOperator(c.req.raw, c.get("clientIp"), healthToken)) {
      throw new AppError(401, ErrorCode.Unauthorized, "Send Authorization: Bearer $HEALTH_TOKEN.")
        .withHeaders({ "WWW-Authenticate": 'Bearer realm="operators"' });
    }
    await next();
  });
  app.use("/metrics", async (c, next) => {
    if (!isOperator(c.req.raw, c.get("clientIp"), healthToken)) {
      throw new AppError(401, ErrorCode.Unauthorized, "Send Authorization: Bearer $HEALTH_TOKEN.")
        .withHeaders({ "WWW-Authenticate": 'Bearer realm="operators"' });
    }
    await next();
  });

  app.get("/health/detailed", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(health.detailed());
  });

  app.get("/metrics", (c) => {
    return c.body(toPrometheusText(health.collect()), 200, {
      "Content-Type": PROMETHEUS_CONTENT_TYPE,
      "Cache-Control": "no-store",
    });
  });

  answerWrongMethods(app, [
    ["/health", "GET, HEAD"],
    ["/health/detailed", "GET, HEAD"],
    ["/metrics", "GET, HEAD"],
  ]);
  return app;
}
