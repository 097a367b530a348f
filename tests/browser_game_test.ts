/**
 * The whole game in real headless Chromium against a real server: create, share, join, start,
 * move, drop out and come back, leave. Two browser contexts are two different players (each has
 * its own storage); two pages of one context share `localStorage` but not `sessionStorage`.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { TIMEOUT_MS, watchErrors, withBrowser } from "./_browser.ts";

/** Where board point (x, y) is on the page, through the board's own transform. */
function boardPointOnPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([bx, by]) => {
    const svg = document.querySelector<SVGSVGElement>("svg.board")!;
    const point = new DOMPoint(bx, by).matrixTransform(svg.getScreenCTM()!);
    return { x: point.x, y: point.y };
  }, [x, y] as const);
}

async function playerCount(page: Page, count: number, selector: string): Promise<void> {
  await page.waitForFunction(
    ([sel, n]) => document.querySelectorAll(sel as string).length === n,
    [selector, count] as const,
    { timeout: TIMEOUT_MS },
  );
}

Deno.test("two players in two browsers see each other join, start, and move", () =>
  withBrowser({}, async ({ server, browser, errors }) => {
    const host = await (await browser.newContext()).newPage();
    const guest = await (await browser.newContext()).newPage();
    host.setDefaultTimeout(TIMEOUT_MS);
    guest.setDefaultTimeout(TIMEOUT_MS);
    watchErrors(host, errors);
    watchErrors(guest, errors);

    await host.goto(`${server.url}/`);
    await host.getByLabel("Your name").fill("Ada");
    await host.getByRole("button", { name: "Create lobby" }).click();
    await host.waitForURL(/\/lobby\/[2-9A-Z]{6}$/);
    await host.waitForSelector('[data-connection="open"]');
    const shareUrl = await host.inputValue("#share-url");
    assert.equal(shareUrl, host.url(), "the share link is the lobby page");

    await guest.goto(shareUrl);
    await guest.getByText("Join Ada's lobby").waitFor();
    await guest.getByLabel("Your name").fill("Grace");
    await guest.getByRole("button", { name: "Join", exact: true }).click();
    await guest.waitForSelector('[data-connection="open"]');

    await playerCount(host, 2, "li[data-player-id]");
    await playerCount(guest, 2, "li[data-player-id]");
    assert.equal(await guest.getByRole("button", { name: "Start game" }).count(), 0);

    await host.getByRole("button", { name: "Start game" }).click();
    await playerCount(host, 2, "svg.board g[data-player-id]");
    await playerCount(guest, 2, "svg.board g[data-player-id]");

    const guestId = await guest.getAttribute('g[data-me="true"]', "data-player-id");
    assert.ok(guestId);
    const guestDotOnHost = `g[data-player-id="${guestId}"]`;
    const before = Number(await host.getAttribute(guestDotOnHost, "data-x"));

    await guest.keyboard.down("ArrowRight");
    await guest.waitForTimeout(300); // How long the key is held, not a wait for a result.
    await guest.keyboard.up("ArrowRight");

    await host.waitForFunction(
      ([sel, start]) =>
        Number(document.querySelector(sel as string)?.getAttribute("data-x")) >
          (start as number) + 30,
      [guestDotOnHost, before] as const,
      { timeout: TIMEOUT_MS },
    );
    const hostView = await host.getAttribute(guestDotOnHost, "data-y");
    const guestView = await guest.getAttribute('g[data-me="true"]', "data-y");
    assert.equal(hostView, guestView, "moving right leaves y alone");

    // Pressing on the board sends your own dot walking to that spot.
    const spot = await boardPointOnPage(host, 900, 500);
    await host.mouse.click(spot.x, spot.y);
    await host.waitForFunction(
      () => {
        const dot = document.querySelector('g[data-me="true"]');
        const x = Number(dot?.getAttribute("data-x"));
        const y = Number(dot?.getAttribute("data-y"));
        return Math.abs(x - 900) <= 2 && Math.abs(y - 500) <= 2;
      },
      undefined,
      { timeout: TIMEOUT_MS },
    );

    // A reload keeps the seat (sessionStorage) and the spot the server last heard of, which is
    // where the host sees the dot come to rest.
    const movedTo = Number(await guest.getAttribute('g[data-me="true"]', "data-x"));
    await host.waitForFunction(
      ([sel, x]) => Number(document.querySelector(sel as string)?.getAttribute("data-x")) === x,
      [guestDotOnHost, movedTo] as const,
      { timeout: TIMEOUT_MS },
    );
    await guest.reload();
    await guest.waitForSelector('[data-connection="open"]');
    await guest.waitForFunction(
      ([id, x]) => {
        const dot = document.querySelector('g[data-me="true"]');
        return dot?.getAttribute("data-player-id") === id &&
          Math.abs(Number(dot.getAttribute("data-x")) - (x as number)) < 2;
      },
      [guestId, movedTo] as const,
      { timeout: TIMEOUT_MS },
    );
    await playerCount(host, 2, "svg.board g[data-player-id]");

    // Closing the page drops the connection: the host sees the guest greyed out, seat kept.
    const guestContext = guest.context();
    await guest.close();
    await host.waitForSelector(`${guestDotOnHost}[data-away="true"]`);
    assert.match(await host.locator(guestDotOnHost).textContent() ?? "", /reconnecting/);

    // The share link in a new page of the same browser offers the seat back.
    const back = await guestContext.newPage();
    back.setDefaultTimeout(TIMEOUT_MS);
    watchErrors(back, errors);
    await back.goto(shareUrl);
    await back.getByRole("button", { name: "Continue as Grace" }).click();
    await back.waitForSelector(`g[data-me="true"][data-player-id="${guestId}"]`);
    await host.waitForSelector(`${guestDotOnHost}:not([data-away])`);

    // Leaving a game asks first; "Keep playing" keeps the seat.
    await back.getByRole("button", { name: "Leave", exact: true }).click();
    await back.getByRole("alertdialog").waitFor();
    await back.getByRole("button", { name: "Keep playing" }).click();
    await back.getByRole("alertdialog").waitFor({ state: "hidden" });
    await back.getByRole("button", { name: "Leave", exact: true }).click();
    await back.getByRole("button", { name: "Leave game" }).click();
    await back.waitForURL(`${server.url}/`);
    await playerCount(host, 1, "svg.board g[data-player-id]");
  }));
