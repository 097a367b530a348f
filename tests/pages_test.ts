import assert from "node:assert/strict";
import { pageRoutes } from "../routes/pages.tsx";
import { createLobby } from "./_client.ts";
import { startTestServer } from "./_server.ts";

/** The decoded `data-props` of the first island named `name` in `html`. */
function islandProps(html: string, name: string): unknown {
  const match = new RegExp(`data-island="${name}" data-props="([^"]*)"`).exec(html);
  assert.ok(match, `no ${name} island in the page`);
  const decoded = match[1]!.replaceAll("&quot;", '"').replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  return JSON.parse(decoded);
}

Deno.test("GET / is a full HTML document with the home form island", async () => {
  const response = await pageRoutes().request("/");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
  const html = await response.text();
  assert.ok(html.startsWith('<!doctype html><html lang="en">'));
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1/);
  assert.match(html, /<link rel="stylesheet" href="\/static\/style.css"\/>/);
  assert.match(html, /<script type="module" src="\/static\/build\/islands.js"><\/script>/);
  assert.deepEqual(islandProps(html, "HomeForm"), { maxNameLength: 32 });
  assert.match(html, /Create lobby/, "the island is rendered on the server too");
});

Deno.test("GET /lobby/:code renders the lobby island for that code", async () => {
  const response = await pageRoutes().request("/lobby/K7QX2M");
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.deepEqual(islandProps(html, "LobbyApp"), { code: "K7QX2M", maxNameLength: 32 });
  assert.match(html, /K7QX2M/);
});

Deno.test("GET /lobby/:code answers 404 for a lobby that does not exist, with the same page", async () => {
  const pages = pageRoutes({ lobbyExists: (code) => Promise.resolve(code === "K7QX2M") });
  assert.equal((await pages.request("/lobby/K7QX2M")).status, 200);
  const missing = await pages.request("/lobby/ABCDEF");
  assert.equal(missing.status, 404);
  assert.deepEqual(islandProps(await missing.text(), "LobbyApp"), {
    code: "ABCDEF",
    maxNameLength: 32,
  });
});

Deno.test("GET /lobby/:code is 200 when the store cannot tell (the page then asks and says why)", async () => {
  const pages = pageRoutes({ lobbyExists: () => Promise.reject(new Error("store down")) });
  assert.equal((await pages.request("/lobby/K7QX2M")).status, 200);
});

Deno.test("GET /lobby/:code sends a lower-case code to the canonical address", async () => {
  const response = await pageRoutes().request("/lobby/k7qx2m");
  assert.equal(response.status, 301);
  assert.equal(response.headers.get("location"), "/lobby/K7QX2M");
});

Deno.test("GET /lobby/:code with a malformed code is a friendly 404 page", async () => {
  const response = await pageRoutes().request(`/lobby/${encodeURIComponent('"><script>x')}`);
  assert.equal(response.status, 404);
  const html = await response.text();
  assert.deepEqual(islandProps(html, "LobbyApp"), { code: null, maxNameLength: 32 });
  assert.match(html, /No lobby has that code/);
  assert.doesNotMatch(html, /<script>x/);
});

const HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

Deno.test("An unknown address asked for by a browser gets a friendly HTML 404 page", async () => {
  const response = await pageRoutes().request("/nope", { headers: { accept: HTML_ACCEPT } });
  assert.equal(response.status, 404);
  assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
  const html = await response.text();
  assert.ok(html.startsWith("<!doctype html>"));
  assert.match(html, /Page not found/);
  assert.match(html, /href="\/"/, "it links home");
});

Deno.test("In the whole app, only page addresses get the HTML 404; the rest keep their own", async (t) => {
  const server = await startTestServer();
  try {
    const get = (path: string, accept: string, method = "GET") =>
      fetch(`${server.url}${path}`, { method, headers: { accept } });

    await t.step("a page address asked for as HTML", async () => {
      for (const path of ["/nope", "/lobby", "/lobby/K7QX2M/extra"]) {
        const response = await get(path, HTML_ACCEPT);
        assert.equal(response.status, 404, path);
        assert.match(response.headers.get("content-type") ?? "", /^text\/html/, path);
        assert.match(await response.text(), /Page not found/, path);
      }
    });

    await t.step("machine paths, JSON clients and other methods get no HTML", async () => {
      const cases: [string, string, string][] = [
        ["/api/nope", HTML_ACCEPT, "GET"],
        ["/ws", HTML_ACCEPT, "GET"],
        ["/health/nope", HTML_ACCEPT, "GET"],
        ["/metrics/nope", HTML_ACCEPT, "GET"],
        ["/static/nope.js", HTML_ACCEPT, "GET"],
        ["/nope", "application/json", "GET"],
        ["/nope", "*/*", "GET"],
        ["/nope", HTML_ACCEPT, "POST"],
      ];
      for (const [path, accept, method] of cases) {
        const response = await get(path, accept, method);
        const what = `${method} ${path} (${accept})`;
        assert.equal(response.status, 404, what);
        assert.doesNotMatch(response.headers.get("content-type") ?? "", /text\/html/, what);
        assert.doesNotMatch(await response.text(), /Page not found/, what);
      }
      for (
        const [path, accept] of [
          ["/api/nope", HTML_ACCEPT],
          ["/nope", "application/json"],
          ["/static/nope.js", HTML_ACCEPT],
          ["/static/..%2fdeno.json", "*/*"],
        ]
      ) {
        const body = await (await get(path!, accept!)).json();
        assert.equal(body.error.code, "not_found", path);
      }
    });

    await t.step("real pages are untouched", async () => {
      const { code } = await createLobby(server.url, "Ada");
      const unknown = code === "ZZZZZZ" ? "YYYYYY" : "ZZZZZZ";
      const dead = await get(`/lobby/${unknown}`, HTML_ACCEPT);
      assert.equal(dead.status, 404, "a link to no lobby is a 404 page");
      assert.match(await dead.text(), /data-island="LobbyApp"/);
      for (const path of ["/", `/lobby/${code}`, "/status"]) {
        const response = await get(path, HTML_ACCEPT);
        assert.equal(response.status, 200, path);
        await response.body?.cancel();
      }
    });
  } finally {
    await server.close();
  }
});
