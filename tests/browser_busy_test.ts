/**
 * The "servers are busy" experience in real headless Chromium: with room for one WebSocket, a
 * second player sees the modal with the exact words; once the first player leaves, "Try again"
 * gets the second one in. A third, turned away too, leaves from the modal itself.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { TIMEOUT_MS, withBrowser } from "./_browser.ts";

const SERVER_FULL_TEXT = "Servers are busy right now. Please try again in a few minutes!";

/**
 * Clicks "Try again" until the modal goes away. The first player's slot is freed when the
 * server sees its socket close, a moment after the page left; a try in that moment is refused
 * again, so the test allows a few, each bounded, inside one deadline.
 */
async function retryUntilAdmitted(page: Page): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  const dialog = page.getByRole("dialog");
  while (await dialog.isVisible()) {
    assert.ok(Date.now() < deadline, "the busy modal did not go away after Try again");
    await page.getByRole("button", { name: "Try again" }).click();
    await dialog.waitFor({ state: "hidden", timeout: 2_000 }).catch(() => {});
  }
}

Deno.test("a player turned away by a full server sees the busy modal and gets in later", () =>
  withBrowser({ MAX_WEBSOCKET_CONNECTIONS: "1" }, async ({ server, browser, errors }) => {
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    for (const page of [first, second]) {
      page.setDefaultTimeout(TIMEOUT_MS);
      page.on("pageerror", (error) => errors.push(error.message));
    }

    await first.goto(`${server.url}/`);
    await first.getByLabel("Your name").fill("Ada");
    await first.getByRole("button", { name: "Create lobby" }).click();
    await first.waitForSelector('[data-connection="open"]');
    const shareUrl = await first.inputValue("#share-url");

    await second.goto(shareUrl);
    await second.getByLabel("Your name").fill("Grace");
    await second.getByRole("button", { name: "Join", exact: true }).click();
    const dialog = second.getByRole("dialog");
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute("aria-modal"), "true");
    await second.getByText(SERVER_FULL_TEXT, { exact: true }).waitFor();
    await second.getByText(/try again automatically in \d+\ss/).waitFor();
    assert.equal(
      await second.evaluate(() => document.activeElement?.textContent?.trim()),
      "Try again",
      "the dialog's button has the focus",
    );

    await first.getByRole("button", { name: "Leave" }).click();
    await first.waitForURL(`${server.url}/`);

    await retryUntilAdmitted(second);
    await second.waitForSelector('[data-connection="open"]');
    const me = second.locator("li[data-player-id]", { hasText: "you" });
    await me.waitFor();
    assert.equal(await second.locator("li[data-player-id]").count(), 1);
    assert.match(await me.innerText(), /Grace/);

    // The dialog is never a dead end: a third player who does not want to wait leaves from it,
    // and gives the seat back.
    const third = await (await browser.newContext()).newPage();
    third.setDefaultTimeout(TIMEOUT_MS);
    third.on("pageerror", (error) => errors.push(error.message));
    await third.goto(shareUrl);
    await third.getByLabel("Your name").fill("Ivy");
    await third.getByRole("button", { name: "Join", exact: true }).click();
    await third.getByRole("dialog").waitFor();
    await second.locator("li[data-player-id]", { hasText: "Ivy" }).waitFor();
    await third.getByRole("button", { name: "Leave lobby" }).click();
    await third.waitForURL(`${server.url}/`);
    await second.locator("li[data-player-id]", { hasText: "Ivy" }).waitFor({ state: "detached" });
  }));
