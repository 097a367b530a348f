import assert from "node:assert/strict";
import { isLoopback, isOperator } from "../lib/operator_access.ts";

const TOKEN = "s3cret-health-token-0123";

function request(headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/health/detailed", {
    headers: { host: "127.0.0.1:8000", ...headers },
  });
}

Deno.test("isOperator() with HEALTH_TOKEN set needs exactly that bearer token", async (t) => {
  await t.step("the right token, from anywhere", () => {
    assert.equal(
      isOperator(request({ authorization: `Bearer ${TOKEN}` }), "203.0.113.9", TOKEN),
      true,
    );
    assert.equal(
      isOperator(request({ authorization: `bearer ${TOKEN}` }), "203.0.113.9", TOKEN),
      true,
    );
  });
  for (
    const [label, header] of [
      ["no header", undefined],
      ["wrong token", "Bearer wrong-token-wrong-token"],
      ["a prefix of the token", `Bearer ${TOKEN.slice(0, -1)}`],
      ["the token plus more", `Bearer ${TOKEN}x`],
      ["another scheme", `Basic ${TOKEN}`],
      ["no scheme", TOKEN],
      ["empty bearer", "Bearer "],
    ] as const
  ) {
    await t.step(label, () => {
      const headers: Record<string, string> = header === undefined ? {} : { authorization: header };
      assert.equal(isOperator(request(headers), "203.0.113.9", TOKEN), false);
    });
  }
  await t.step("loopback without the token is not enough", () => {
    assert.equal(isOperator(request(), "127.0.0.1", TOKEN), false);
  });
});

Deno.test("isOperator() without HEALTH_TOKEN answers loopback callers only", () => {
  assert.equal(isOperator(request(), "127.0.0.1", ""), true);
  assert.equal(isOperator(request(), "::1", ""), true);
  assert.equal(isOperator(request(), "10.0.0.1", ""), false);
  assert.equal(isOperator(request(), "203.0.113.9", ""), false);
  assert.equal(
    isOperator(request({ authorization: "Bearer anything" }), "203.0.113.9", ""),
    false,
    "a token means nothing when none is configured",
  );
});

Deno.test("isOperator() without HEALTH_TOKEN refuses a loopback caller asking for a foreign host", async (t) => {
  // DNS rebinding: a page on evil.example pointed its name at 127.0.0.1.
  for (const host of ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"]) {
    await t.step(host, () => assert.equal(isOperator(request({ host }), "127.0.0.1", ""), false));
  }
  for (
    const host of ["localhost:8000", "LOCALHOST", "app.localhost:8000", "[::1]:8000", "127.0.0.2"]
  ) {
    await t.step(`${host} is ours`, () => {
      assert.equal(isOperator(request({ host }), "127.0.0.1", ""), true);
    });
  }
  assert.equal(isOperator(new Request("http://x/"), "127.0.0.1", ""), false, "no Host at all");
});

Deno.test("isOperator() without HEALTH_TOKEN refuses loopback callers that came through a proxy", () => {
  assert.equal(isOperator(request({ "x-forwarded-for": "203.0.113.9" }), "127.0.0.1", ""), false);
  assert.equal(isOperator(request({ forwarded: "for=203.0.113.9" }), "127.0.0.1", ""), false);
  assert.equal(isOperator(request({ "x-real-ip": "203.0.113.9" }), "127.0.0.1", ""), false);
  assert.equal(isOperator(request({ via: "1.1 nginx" }), "127.0.0.1", ""), false);
});

Deno.test("isLoopback() knows 127.0.0.0/8, ::1 and IPv4-mapped loopback", async (t) => {
  for (
    const ip of ["127.0.0.1", "127.1.2.3", "127.255.255.254", "::1", "[::1]", "::ffff:127.0.0.1"]
  ) {
    await t.step(`${ip} is loopback`, () => assert.equal(isLoopback(ip), true));
  }
  for (
    const ip of [
      "10.0.0.1",
      "128.0.0.1",
      "192.168.1.127",
      "::2",
      "::ffff:10.0.0.1",
      "127.0.0.1.evil.example",
      "1127.0.0.1",
      "",
      "localhost",
    ]
  ) {
    await t.step(`${JSON.stringify(ip)} is not`, () => assert.equal(isLoopback(ip), false));
  }
});
