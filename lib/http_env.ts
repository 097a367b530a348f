/**
 * The Hono environment every route shares: Deno's connection info as bindings, and the client
 * key that the client-address middleware works out once per request.
 */
import type { Context } from "hono";

/** Hono's type parameter for this app. */
export interface AppEnv {
  Bindings: { remoteAddr?: Deno.Addr };
  Variables: { clientIp: string; clientKey: string };
}

/** The rate-limit key of the request's client. */
export function clientKeyOf(c: Context<AppEnv>): string {
  return c.get("clientKey");
}
