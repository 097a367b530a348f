/**
 * Seat recovery in real headless Chromium: a seat lives in the tab's `sessionStorage` and is also
 * remembered in `localStorage`, so the share link opened in a new page of the same browser (which
 * shares `localStorage` but not `sessionStorage`) offers "Continue as <name>".
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openPage, TIMEOUT_MS, withBrowser } from "./_browser.ts";
import type { TestServer } from "./_server.ts";

const SEATS_KEY = "lobby-seats";

/** Creates a lobby as `name` from the home page; returns the share link. */
async function createAs(page: Page, server: TestServer, name: string): Promise<string> {
  await page.goto(`${server.url}/`);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Create lobby" }).click();
  await page.waitForSelector('[data-connection="open"]');
  return await page.inputValue("#share-url");
}

/** Joins the lobby behind `link` as `name`; returns the new player's id. */
async function joinAs(page: Page, link: string, name: string): Promise<string> {
  await page.goto(link);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.waitForSelector('[data-connection="open"]');
  const id = await page.getAttribute("li[data-player-id]:has(.tag-you)", "data-player-id");
  assert.ok(id);
  return id;
}

/** The seats this browser remembers, as stored. */
function rememberedSeats(page: Page): Promise<Record<string, Record<string, unknown>>> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}"), SEATS_KEY);
}

Deno.test("A player who closed their page gets back into the started game from the share link", () =>
  withBrowser({}, async ({ server, browser, errors }) => {
    const host = await openPage(await browser.newContext(), errors);
    const guestContext = await browser.newContext();
    const guest = await openPage(guestContext, errors);

    const link = await createAs(host, server, "Ada");
    const code = link.slice(-6);
    const guestId = await joinAs(guest, link, "Grace");
    const seats = await rememberedSeats(guest);
    assert.equal(seats[code]?.playerId, guestId, "the seat is remembered by lobby code");
    assert.equal(seats[code]?.name, "Grace");
    assert.equal(typeof seats[code]?.savedAt, "number");

    await host.getByRole("button", { name: "Start game" }).click();
    const guestDot = `svg.board g[data-player-id="${guestId}"]`;
    await host.waitForSelector(guestDot);

    await guest.close();
    await host.waitForSelector(`${guestDot}[data-away="true"]`);

    const back = await openPage(guestContext, errors);
    await back.goto(link);
    const resume = back.getByRole("button", { name: "Continue as Grace" });
    await resume.waitFor();
    assert.equal(
      await back.getByRole("button", { name: "Join as someone new" }).count(),
      0,
      "a started game takes no one new",
    );
    await resume.click();
    await back.waitForSelector(`g[data-me="true"][data-player-id="${guestId}"]`);
    await host.waitForSelector(`${guestDot}:not([data-away])`);
    assert.equal(await host.locator("svg.board g[data-player-id]").count(), 2);

    // A reload of the new page keeps the seat through its own sessionStorage, with no question.
    await back.reload();
    await back.waitForSelector(`g[data-me="true"][data-player-id="${guestId}"]`);

    // Leave clears the seat everywhere: the share link then offers nothing.
    await back.getByRole("button", { name: "Leave", exact: true }).click();
    await back.getByRole("button", { name: "Leave game" }).click();
    await back.waitForURL(`${server.url}/`);
    assert.equal((await rememberedSeats(back))[code], undefined);
    assert.equal(await back.evaluate(() => sessionStorage.length), 0);
    await host.waitForFunction(
      (sel) => document.querySelector(sel) === null,
      guestDot,
      { timeout: TIMEOUT_MS },
    );
  }));

Deno.test("A remembered seat that no longer works gives way to the normal join form", (t) =>
  withBrowser({}, async ({ server, browser, errors }) => {
    const host = await openPage(await browser.newContext(), errors);
    const guestContext = await browser.newContext();
    const guest = await openPage(guestContext, errors);
    const link = await createAs(host, server, "Ada");
    const code = link.slice(-6);
    const guestId = await joinAs(guest, link, "Grace");

    await t.step("in a waiting lobby, a new page can also join as someone new", async () => {
      const other = await openPage(guestContext, errors);
      await other.goto(link);
      await other.getByRole("button", { name: "Continue as Grace" }).waitFor();
      await other.getByRole("button", { name: "Join as someone new" }).click();
      await other.getByLabel("Your name").waitFor();
      await other.getByText("Join Ada's lobby").waitFor();
      await other.close();
    });

    await t.step("a revoked token (4001) is forgotten and the join form shown", async () => {
      await guest.evaluate(([key, lobby]) => {
        const seats = JSON.parse(localStorage.getItem(key!)!);
        seats[lobby!].token = "x".repeat(43);
        localStorage.setItem(key!, JSON.stringify(seats));
      }, [SEATS_KEY, code] as const);
      const other = await openPage(guestContext, errors);
      await other.goto(link);
      await other.getByRole("button", { name: "Continue as Grace" }).click();
      await other.getByText("Your seat in this lobby has expired").waitFor();
      await other.getByLabel("Your name").waitFor();
      assert.equal((await rememberedSeats(other))[code], undefined);
      await other.close();
    });

    await t.step("a seat whose player is gone from the lobby is not offered", async () => {
      await guest.evaluate(([key, lobby]) => {
        const seat = { playerId: "gone-player", token: "t", name: "Ghost", savedAt: Date.now() };
        localStorage.setItem(key!, JSON.stringify({ [lobby!]: seat }));
      }, [SEATS_KEY, code] as const);
      const other = await openPage(guestContext, errors);
      await other.goto(link);
      await other.getByText("Join Ada's lobby").waitFor();
      assert.equal(await other.getByRole("button", { name: /Continue as/ }).count(), 0);
      await other.waitForFunction(
        ([key, lobby]) => !JSON.parse(localStorage.getItem(key!) ?? "{}")[lobby!],
        [SEATS_KEY, code] as const,
      );
      await other.close();
    });

    // The original page still holds its seat in its own sessionStorage.
    await guest.reload();
    await guest.waitForSelector(`li[data-player-id="${guestId}"] .tag-you`);
  }));
