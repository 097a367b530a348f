import assert from "node:assert/strict";
import { isOriginAllowed, requestHost } from "../lib/origin.ts";

Deno.test("isOriginAllowed() with no list accepts only the server's own origin (its Host)", async (t) => {
  await t.step("same host and port", () => {
    assert.equal(isOriginAllowed("http://localhost:8000", "localhost:8000", []), true);
  });
  await t.step("host compared case-insensitively", () => {
    assert.equal(isOriginAllowed("https://Game.Example", "game.EXAMPLE", []), true);
  });
  await t.step("a default port the browser leaves out", () => {
    assert.equal(isOriginAllowed("https://game.example:443", "game.example", []), true);
  });
  await t.step("another port is another origin", () => {
    assert.equal(isOriginAllowed("http://localhost:5173", "localhost:8000", []), false);
  });
  await t.step("a foreign origin is refused", () => {
    assert.equal(isOriginAllowed("https://evil.example", "game.example", []), false);
  });
  await t.step("a look-alike suffix is refused", () => {
    assert.equal(isOriginAllowed("https://game.example.evil.example", "game.example", []), false);
  });
  await t.step("no Host header refuses every browser", () => {
    assert.equal(isOriginAllowed("https://game.example", null, []), false);
  });
});

Deno.test("isOriginAllowed() lets a request without Origin through (not a browser)", () => {
  assert.equal(isOriginAllowed(null, "game.example", []), true);
  assert.equal(isOriginAllowed(null, null, ["https://a.example"]), true);
});

Deno.test("isOriginAllowed() with a list accepts exactly the listed origins", () => {
  const allowed = ["https://a.example", "http://localhost:5173"];
  assert.equal(isOriginAllowed("https://a.example", "server.example", allowed), true);
  assert.equal(isOriginAllowed("http://localhost:5173", "server.example", allowed), true);
  assert.equal(isOriginAllowed("http://a.example", "server.example", allowed), false, "scheme");
  assert.equal(isOriginAllowed("https://b.example", "server.example", allowed), false);
  assert.equal(
    isOriginAllowed("https://server.example", "server.example", allowed),
    false,
    "a list replaces the same-origin default",
  );
});

Deno.test('isOriginAllowed() with "*" accepts every origin', () => {
  assert.equal(isOriginAllowed("https://anything.example", "game.example", ["*"]), true);
  assert.equal(isOriginAllowed("null", "game.example", ["*"]), true);
});

Deno.test('isOriginAllowed() refuses the opaque origin "null" and malformed origins', () => {
  assert.equal(isOriginAllowed("null", "game.example", []), false);
  assert.equal(isOriginAllowed("null", "game.example", ["https://game.example"]), false);
  assert.equal(isOriginAllowed("not a url", "game.example", []), false);
  assert.equal(isOriginAllowed("", "game.example", []), false);
});

Deno.test("requestHost() reads X-Forwarded-Host only behind a trusted proxy", async (t) => {
  const proxied = new Headers({ host: "127.0.0.1:8000", "x-forwarded-host": "game.example" });
  await t.step("TRUST_PROXY=0: Host, whatever else the request says", () => {
    assert.equal(requestHost(proxied, 0), "127.0.0.1:8000");
  });
  await t.step("TRUST_PROXY=1: the proxy's X-Forwarded-Host", () => {
    assert.equal(requestHost(proxied, 1), "game.example");
  });
  await t.step("one proxy: the last entry, which it wrote after what the client sent", () => {
    const listed = new Headers({ host: "h", "x-forwarded-host": "spoofed.example, game.example" });
    assert.equal(requestHost(listed, 1), "game.example");
  });
  await t.step("two proxies: the outer one's entry, not the Host the inner one saw", () => {
    const listed = new Headers({
      host: "h",
      "x-forwarded-host": "spoofed.example, game.example, inner.internal",
    });
    assert.equal(requestHost(listed, 2), "game.example");
    assert.equal(
      requestHost(new Headers({ "x-forwarded-host": "game.example" }), 2),
      "game.example",
    );
  });
  await t.step("a proxy that sends none: Host", () => {
    assert.equal(requestHost(new Headers({ host: "game.example" }), 1), "game.example");
  });
});
