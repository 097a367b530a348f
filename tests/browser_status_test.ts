/**
 * The operator status page in real headless Chromium against a real server with a HEALTH_TOKEN:
 * the token form, a wrong token, live figures that follow a player connecting, and forgetting
 * the token.
 */
import assert from "node:assert/strict";
import { type Browser, type Page } from "playwright-core";
import { buildIslands } from "../tools/build.ts";
import { launchChromium } from "./_browser.ts";
import { createLobby, eventually, gameSocket, type TestSocket } from "./_client.ts";
import { startTestServer } from "./_server.ts";

const TOKEN = "status-test-token-0123456789";
// A poll every 2 s behind a 1 s server cache: a change shows within about 3 s.
const SHOWS_WITHIN_MS = 10_000;

/** The text of the first element matching `selector`, or null; never waits. */
function textOf(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
}

/** Waits until the element's text satisfies `expected`, polling the DOM. */
async function waitForText(
  page: Page,
  selector: string,
  expected: (text: string | null) => boolean,
  what: string,
): Promise<void> {
  let last: string | null = null;
  try {
    await eventually(
      async () => expected(last = await textOf(page, selector)),
      SHOWS_WITHIN_MS,
      what,
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; last text of ${selector}: ${JSON.stringify(last)}`,
    );
  }
}

async function submitToken(page: Page, token: string): Promise<void> {
  await page.locator('input[name="token"]').fill(token);
  await page.getByRole("button", { name: "Show status" }).click();
}

Deno.test("The status page asks for the operator token and shows live figures with it", async (t) => {
  await buildIslands();
  const server = await startTestServer({ HEALTH_TOKEN: TOKEN });
  const sockets: TestSocket[] = [];
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const connections = '[data-metric="connections"]';

    await t.step("a wrong token shows the error and the form again", async () => {
      const context = await browser!.newContext();
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        const response = await page.goto(`${server.url}/status`);
        assert.equal(response?.status(), 200);
        await page.locator('input[name="token"]').waitFor();
        assert.match(await textOf(page, ".status-token-message") ?? "", /HEALTH_TOKEN/);

        await submitToken(page, "not-the-token");
        await waitForText(
          page,
          ".status-token-message",
          (text) => /not accepted/.test(text ?? ""),
          "the rejection",
        );
        assert.equal(await page.locator('input[name="token"]').isVisible(), true);
        assert.equal(await page.getByRole("button", { name: "Show status" }).isEnabled(), true);
        assert.equal(await textOf(page, connections), null, "no figures without a good token");
        assert.equal(
          await page.evaluate(() => sessionStorage.length),
          0,
          "a rejected token is not kept",
        );
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

    await t.step("the connection count follows a player connecting", async (step) => {
      const context = await browser!.newContext();
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(`${server.url}/status`);
        await page.locator('input[name="token"]').waitFor();
        await submitToken(page, TOKEN);
        await waitForText(page, connections, (text) => text === "0", "0 connections");
        assert.equal(await page.locator('input[name="token"]').count(), 0, "the form is gone");

        const host = await createLobby(server.url);
        const socket = gameSocket(server.wsUrl, host.code, host.token);
        sockets.push(socket);
        await socket.next("welcome");
        await waitForText(page, connections, (text) => text === "1", "1 connection");
        await waitForText(
          page,
          '[data-metric="active_lobbies"]',
          (text) => text === "1",
          "1 lobby",
        );
        const chart = page.locator('[data-chart="connections"] svg');
        assert.match(await chart.getAttribute("aria-label") ?? "", /now 1 of at most 500/);

        await step.step("a reload keeps the token for this tab", async () => {
          await page.reload();
          await waitForText(page, connections, (text) => text === "1", "1 connection after reload");
        });

        await step.step("forgetting the token brings the form back", async () => {
          await page.getByRole("button", { name: "Forget token" }).click();
          await page.locator('input[name="token"]').waitFor();
          assert.equal(await textOf(page, connections), null);
          assert.equal(await page.evaluate(() => sessionStorage.length), 0);
        });
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  } finally {
    await browser?.close();
    await Promise.all(sockets.map((socket) => socket.close()));
    await server.close();
  }
});
