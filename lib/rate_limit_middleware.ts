/**
 * HTTP rate limiting as Hono middleware: one named policy per limiter, keyed by client.
 *
 * Over the limit the client gets 429 `rate_limited` with `Retry-After`, `Cache-Control: no-store`
 * and the IETF `RateLimit-Policy` / `RateLimit` header fields (draft-ietf-httpapi-ratelimit-headers:
 * `"api";q=100;w=60` and `"api";r=0;t=12`). Every answer under a policy carries the fields, so
 * well-behaved clients can slow down before they are refused.
 *
 * @example
 * ```ts
 * app.use("/api/*", rateLimit({ name: "api", limiter, keyOf: (c) => c.get("clientKey") }));
 * ```
 */
import type { Context, MiddlewareHandler } from "hono";
import { AppError, ErrorCode } from "./errors.ts";
import type { RateLimiter } from "./rate_limiter.ts";

/** How a policy is applied. */
export interface RateLimitOptions {
  /** Policy name in the header fields and the metrics. */
  name: string;
  limiter: RateLimiter;
  windowSeconds: number;
  /** The client key: its address, or its /64 for IPv6. Policy, not mechanism: passed in. */
  keyOf(c: Context): string;
  /** Told of every refusal, for the metrics. */
  onLimited?(name: string): void;
}

/** Middleware that counts each request against `options.limiter`. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    const result = options.limiter.check(options.keyOf(c));
    const policy = `"${options.name}";q=${result.limit};w=${options.windowSeconds}`;
    const fields = `"${options.name}";r=${result.remaining};t=${Math.ceil(result.resetMs / 1000)}`;
    if (!result.allowed) {
      options.onLimited?.(options.name);
      const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      throw new AppError(
        429,
        ErrorCode.RateLimited,
        `Too many requests; try again in ${retryAfter} s.`,
      ).withHeaders({
        "Retry-After": String(retryAfter),
        "RateLimit-Policy": policy,
        "RateLimit": fields,
        "Cache-Control": "no-store",
      });
    }
    await next();
    // A later, stricter policy on the same request has the last word on the fields.
    if (!c.res.headers.has("RateLimit")) {
      c.res.headers.set("RateLimit-Policy", policy);
      c.res.headers.set("RateLimit", fields);
    }
  };
}
