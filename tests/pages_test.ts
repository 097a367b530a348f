import assert from "node:assert/strict";
import { pageRoutes } from "../routes/pages.tsx";

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
