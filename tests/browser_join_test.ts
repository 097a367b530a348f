/**
 * Getting into a lobby in real headless Chromium: the home page's code field, names counted the
 * way the server counts them, and a join page that notices when a full lobby frees a seat.
 */
import assert from "node:assert/strict";
import { openPage, withBrowser } from "./_browser.ts";
import { api, createLobby, joinLobby } from "./_client.ts";

Deno.test("Joining from the home page and the join page's name field", (t) =>
  withBrowser({}, async ({ server, browser, errors }) => {
    const { code } = await createLobby(server.url, "Ada");

    await t.step("creating with no name says so under the name field", async () => {
      const page = await openPage(await browser.newContext(), errors);
      await page.goto(`${server.url}/`);
      await page.getByRole("button", { name: "Create lobby" }).click();
      const said = page.locator(".field:has(input[name=name]) + .error");
      assert.equal(await said.textContent(), "Please type your name first.");
      await page.getByLabel("Your name").fill("Ada");
      assert.equal(await said.count(), 0, "typing clears it");
      await page.context().close();
    });

    await t.step(
      "a code typed with dashes and spaces and no name opens the lobby page",
      async () => {
        const page = await openPage(await browser.newContext(), errors);
        await page.goto(`${server.url}/`);
        const typed = `${code.slice(0, 3).toLowerCase()}- ${code.slice(3).toLowerCase()}`;
        await page.getByLabel("Join code").fill(typed);
        await page.getByRole("button", { name: "Join", exact: true }).click();
        await page.waitForURL(`${server.url}/lobby/${code}`);
        await page.getByText("Join Ada's lobby").waitFor();
        await page.context().close();
      },
    );

    await t.step(
      "a name is counted in code points, not cut, and flagged when too long",
      async () => {
        const page = await openPage(await browser.newContext(), errors);
        await page.goto(`${server.url}/lobby/${code}`);
        const field = page.getByLabel("Your name");
        await field.fill("𝒜".repeat(33));
        assert.equal(await field.inputValue(), "𝒜".repeat(33), "nothing is cut off");
        await page.getByText("at most 32 characters", { exact: true }).waitFor();
        await page.getByRole("button", { name: "Join", exact: true }).click();
        await page.getByText("A name can have at most 32 characters.").waitFor();
        assert.equal(await page.locator("li[data-player-id]").count(), 1, "no join was sent");

        // 32 letters outside the BMP are 64 UTF-16 units, which maxlength=32 used to cut to 16.
        await field.fill("𝒜".repeat(32));
        assert.equal(await page.getByText("at most 32 characters", { exact: true }).count(), 0);
        await page.getByRole("button", { name: "Join", exact: true }).click();
        await page.waitForSelector('[data-connection="open"]');
        const me = page.locator("li[data-player-id]:has(.tag-you) .player-name");
        assert.equal(await me.textContent(), "𝒜".repeat(32));
        await page.context().close();
      },
    );
  }));

Deno.test("The join page of a full lobby looks again and lets you in once a seat frees", () =>
  withBrowser({ MAX_PLAYERS_PER_LOBBY: "2" }, async ({ server, browser, errors }) => {
    const { code } = await createLobby(server.url, "Ada");
    const { token } = await joinLobby(server.url, code, "Grace");

    const page = await openPage(await browser.newContext(), errors);
    await page.goto(`${server.url}/lobby/${code}`);
    await page.locator("[data-join-blocked=full]").waitFor();
    const join = page.getByRole("button", { name: "Join", exact: true });
    assert.equal(await join.isDisabled(), true);

    const left = await api(server.url, "POST", `/api/lobbies/${code}/leave`, { token });
    assert.equal(left.status, 200);
    // The page looks again every 5 s; the lobby cache may serve the old lobby for up to 5 s more.
    await page.waitForFunction(
      () => document.querySelector("[data-join-blocked]") === null,
      undefined,
      { timeout: 15_000 },
    );
    assert.equal(await join.isDisabled(), false);
    await page.getByLabel("Your name").fill("Alan");
    await join.click();
    await page.waitForSelector('[data-connection="open"]');
    assert.equal(await page.locator("li[data-player-id]").count(), 2);
  }));

Deno.test("The join page of a started game offers a lobby of one's own instead of a form", () =>
  withBrowser({}, async ({ server, browser, errors }) => {
    const host = await createLobby(server.url, "Ada");
    await joinLobby(server.url, host.code, "Grace");
    const started = await api(server.url, "POST", `/api/lobbies/${host.code}/start`, {
      token: host.token,
    });
    assert.equal(started.status, 200);

    const page = await openPage(await browser.newContext(), errors);
    await page.goto(`${server.url}/lobby/${host.code}`);
    await page.locator("[data-join-blocked=started]").waitFor();
    assert.equal(await page.getByLabel("Your name").count(), 0, "no form that cannot be sent");
    await page.getByRole("link", { name: "Start your own lobby" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("button", { name: "Create lobby" }).waitFor();
  }));
