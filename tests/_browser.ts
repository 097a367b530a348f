/**
 * Headless Debian Chromium for the browser tests, launched the way this machine allows: the
 * system binary (never a downloaded one), and no background networking, which a closed
 * network refuses connection by connection.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const errors: string[] = [];
 * const page = await openPage(await browser.newContext(), errors);
 * ```
 */
import assert from "node:assert/strict";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { buildIslands } from "../tools/build.ts";
import { startTestServer, type TestServer } from "./_server.ts";

/** How long a browser test waits for any one thing a player should see. */
export const TIMEOUT_MS = 15_000;

const _ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts `/usr/bin/chromium` headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: _ARGS });
}

/** A new page in `context` that records every script error into `errors` for the test to check. */
export async function openPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  watchErrors(page, errors);
  return page;
}

/** Records `page`'s uncaught script errors into `errors`, which would otherwise go unseen. */
export function watchErrors(page: Page, errors: string[]): void {
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
}

/** What {@link withBrowser} hands a test. */
export interface BrowserWorld {
  server: TestServer;
  browser: Browser;
  /** Script errors of every page opened with {@link openPage} or watched with {@link watchErrors}. */
  errors: string[];
}

/**
 * Builds the islands, starts a server with `env` and Chromium, runs `body`, then fails if any
 * watched page had a script error; closes both whatever happens.
 */
export async function withBrowser(
  env: Record<string, string>,
  body: (world: BrowserWorld) => Promise<void>,
): Promise<void> {
  await buildIslands();
  const server = await startTestServer(env);
  let browser: Browser | undefined;
  const errors: string[] = [];
  try {
    browser = await launchChromium();
    await body({ server, browser, errors });
    assert.deepEqual(errors, [], "no script errors in any page");
  } finally {
    await browser?.close();
    await server.close();
  }
}
