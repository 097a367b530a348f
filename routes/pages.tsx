/**
 * The HTML pages, rendered on the server with Preact: `GET /` (create or join),
 * `GET /lobby/:code` (the share link's target), and a friendly 404 page for any other address a
 * person types (API, socket, operator and static paths keep the app's JSON 404). Interactive parts are islands: the server renders
 * them inside `<div data-island data-props>` and `islands/main.ts` hydrates them in the browser
 * with the same props, so the first paint is complete HTML and the script only adds behaviour.
 */
import { Hono } from "hono";
import { h } from "preact";
import type { ComponentChildren, ComponentProps, ComponentType, JSX } from "preact";
import { renderToString } from "preact-render-to-string";
import { type IslandName, islands } from "../islands/registry.ts";
import { LIMITS } from "../lib/config.ts";
import { normalizeJoinCode } from "../lib/join_code.ts";
import { answerWrongMethods } from "./wrong_method.ts";

const _APP_NAME = "Dot Lobby";

/** Path prefixes that belong to machines: they keep the app's JSON 404, never an HTML page. */
const _NOT_PAGES = ["/api", "/ws", "/health", "/metrics", "/static"];

/** What the pages may ask of the app. */
export interface PageOptions {
  /**
   * Whether lobby `code` exists, so a dead share link answers 404 to crawlers and link
   * checkers as well as showing "Lobby not found". Without it, every well-formed code is 200.
   */
  lobbyExists?(code: string): Promise<boolean>;
}

/**
 * Routes of the pages. Its catch-all 404 page answers every GET it is asked about, so this app
 * must be mounted after every other route.
 */
export function pageRoutes(options: PageOptions = {}): Hono {
  const app = new Hono();

  app.get("/", (c) => {
    const html = _render(
      <Page title={`${_APP_NAME}: play with friends`}>
        <Home />
      </Page>,
    );
    return c.html(html, 200, { "cache-control": "no-cache" });
  });

  app.get("/lobby/:code", async (c) => {
    const raw = c.req.param("code");
    const code = normalizeJoinCode(raw);
    // One address per lobby: a lower-case or padded code goes to the canonical link.
    if (code !== null && code !== raw) return c.redirect(`/lobby/${code}`, 301);
    const html = _render(
      <Page title={code ? `Lobby ${code} · ${_APP_NAME}` : `Lobby not found · ${_APP_NAME}`}>
        <TopBar />
        <main class="page">
          <Island name="LobbyApp" props={{ code, maxNameLength: LIMITS.maxNameLength }} />
        </main>
      </Page>,
    );
    const found = code !== null && await _exists(options, code);
    return c.html(html, found ? 200 : 404, { "cache-control": "no-cache" });
  });

  app.get("*", (c) => {
    const path = c.req.path;
    const machine = _NOT_PAGES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    if (machine || !(c.req.header("accept") ?? "").includes("text/html")) return c.notFound();
    const html = _render(
      <Page title={`Page not found · ${_APP_NAME}`}>
        <TopBar />
        <main class="page">
          <section class="card center" data-page-missing>
            <h1>Page not found</h1>
            <p>
              There is nothing at this address. To play, create a lobby or join one with a code.
            </p>
            <a class="button primary" href="/">Back to home</a>
          </section>
        </main>
      </Page>,
    );
    return c.html(html, 404, { "cache-control": "no-cache" });
  });

  answerWrongMethods(app, [["/", "GET, HEAD"], ["/lobby/:code", "GET, HEAD"]]);
  return app;
}

/**
 * Renders a registered island wrapped in the element the browser entry looks for. Preact escapes
 * the JSON in the attribute like any other attribute value, so player-chosen text in props is
 * safe; no HTML is ever injected raw.
 */
export function Island<K extends IslandName>(
  { name, props }: { name: K; props: ComponentProps<(typeof islands)[K]> },
): JSX.Element {
  // `name` and `props` are tied together by the signature; the lookup loses that link.
  const component = islands[name] as unknown as ComponentType<object>;
  return (
    <div data-island={name} data-props={JSON.stringify(props)}>
      {h(component, props as object)}
    </div>
  );
}

function _render(page: JSX.Element): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** The HTML document around a page's content: head, stylesheet, islands script. */
export function Page(
  { title, children }: { title: string; children: ComponentChildren },
): JSX.Element {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="color-scheme" content="light dark" />
        <meta name="description" content="Create a lobby, share the code, play with friends." />
        <title>{title}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/style.css" />
        <script type="module" src="/static/build/islands.js"></script>
      </head>
      <body>{children}</body>
    </html>
  );
}

/** The bar at the top of every page, with the app's name linking home. */
export function TopBar(): JSX.Element {
  return (
    <header class="topbar">
      <a class="brand" href="/">
        <Logo />
        <span>{_APP_NAME}</span>
      </a>
    </header>
  );
}

function Logo(): JSX.Element {
  return (
    <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <circle cx="11" cy="13" r="7" fill="#6366f1" />
      <circle cx="22" cy="20" r="7" fill="#f59e0b" />
      <circle cx="21" cy="9" r="4" fill="#10b981" />
    </svg>
  );
}

function Home(): JSX.Element {
  return (
    <>
      <TopBar />
      <main class="page">
        <section class="hero">
          <h1>Play with friends in seconds</h1>
          <p class="lead">
            Make a lobby, send your friends the code, and move your dots around the board together.
          </p>
        </section>
        <Island name="HomeForm" props={{ maxNameLength: LIMITS.maxNameLength }} />
        <ol class="steps" aria-label="How it works">
          <li>
            <span>
              <strong>Create</strong> a lobby and get a 6-character code.
            </span>
          </li>
          <li>
            <span>
              <strong>Share</strong> the link; friends join with a name, no sign-up.
            </span>
          </li>
          <li>
            <span>
              <strong>Start</strong> the game and move with the arrow keys or your finger.
            </span>
          </li>
        </ol>
      </main>
    </>
  );
}

async function _exists(options: PageOptions, code: string): Promise<boolean> {
  if (!options.lobbyExists) return true;
  try {
    return await options.lobbyExists(code);
  } catch {
    return true; // The store is failing: the page itself will say so when it asks.
  }
}
