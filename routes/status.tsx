/**
 * `GET /status`: the operator status page. The page itself is public and holds no figures; its
 * island (`islands/StatusPage.tsx`) fetches them from `/health/detailed`, which asks for the
 * operator token (see `lib/operator_access.ts`). Mounted before the page routes.
 */
import { Hono } from "hono";
import { renderToString } from "preact-render-to-string";
import { LIMITS } from "../lib/config.ts";
import { Island, Page, TopBar } from "./pages.tsx";
import { answerWrongMethods } from "./wrong_method.ts";

/**
 * Twice the server's cache of the detailed health, so every poll sees fresh figures and a
 * dashboard left open costs the server one computation per poll at most.
 */
const _POLL_MS = 2 * LIMITS.healthCacheMs;
/** History the charts keep: five minutes. */
const _HISTORY_MS = 5 * 60_000;

/** The status page route. */
export function statusRoutes(): Hono {
  const app = new Hono();

  app.get("/status", (c) => {
    const html = renderToString(
      <Page title="Server status · Dot Lobby">
        <TopBar />
        <main class="page status-page">
          <Island name="StatusPage" props={{ pollMs: _POLL_MS, historyMs: _HISTORY_MS }} />
        </main>
      </Page>,
    );
    return c.html(`<!doctype html>${html}`, 200, {
      "cache-control": "no-cache",
      // An operator page has no business in search results.
      "x-robots-tag": "noindex",
    });
  });

  answerWrongMethods(app, [["/status", "GET, HEAD"]]);
  return app;
}
