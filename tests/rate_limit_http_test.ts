/**
 * HTTP rate limits on a real server: each policy at its edge, the 429 answer's header fields,
 * `/health` outside every limit, the WebSocket upgrade counted, and `TRUST_PROXY`.
 */
import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { startTestServer } from "./_server.ts";
import { api, createLobby } from "./_client.ts";

Deno.test("the 6th lobby creation in a minute gets 429 rate_limited with Retry-After and RateLimit fields", async () => {
  const server = await startTestServer();
  try {
    for (let i = 0; i < 5; i++) {
      const ok = await api(server.url, "POST", "/api/lobbies", { json: { name: `H${i}` } });
      assert.equal(ok.status, 201);
      assert.match(ok.headers.get("ratelimit-policy") ?? "", /^"lobby_create";q=5;w=60$/);
      assert.match(
        ok.headers.get("ratelimit") ?? "",
        new RegExp(`^"lobby_create";r=${4 - i};t=\\d+$`),
      );
    }
    const refused = await api(server.url, "POST", "/api/lobbies", { json: { name: "H6" } });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, "rate_limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(refused.headers.get("cache-control"), "no-store");
    assert.equal(refused.headers.get("ratelimit-policy"), '"lobby_create";q=5;w=60');
    assert.match(refused.headers.get("ratelimit") ?? "", /^"lobby_create";r=0;t=\d+$/);
    assert.equal(server.health.detailed().rate_limits.rejections_by_policy.lobby_create, 1);
  } finally {
    await server.close();
  }
});

Deno.test("a refused client is let in again exactly when Retry-After says (fake clock)", async () => {
  const clock = new FakeClock(1_000_000);
  const server = await startTestServer({}, { clock });
  const create = () => api(server.url, "POST", "/api/lobbies", { json: { name: "Ada" } });
  try {
    for (let i = 0; i < 5; i++) assert.equal((await create()).status, 201);
    const refused = await create();
    assert.equal(refused.status, 429);
    // 5 a minute is one every 12 s; the burst of 5 used the allowance up.
    assert.equal(refused.headers.get("retry-after"), "12");
    clock.advance(11_900);
    const early = await create();
    assert.equal(early.status, 429, "a tenth of a second early is still refused");
    assert.equal(early.headers.get("retry-after"), "1");
    clock.advance(100);
    assert.equal((await create()).status, 201, "on time");
    assert.equal((await create()).status, 429, "and only the one");
  } finally {
    await server.close();
  }
});

Deno.test("failed joins count against the join limit", async () => {
  const server = await startTestServer({ RATE_LIMIT_LOBBY_JOIN: "3" });
  try {
    for (let i = 0; i < 3; i++) {
      const miss = await api(server.url, "POST", "/api/lobbies/ZZZZZZ/join", {
        json: { name: "x" },
      });
      assert.equal(miss.status, 404);
    }
    const host = await createLobby(server.url);
    const refused = await api(server.url, "POST", `/api/lobbies/${host.code}/join`, {
      json: { name: "x" },
    });
    assert.equal(refused.status, 429);
    assert.equal(
      (await api(server.url, "GET", `/api/lobbies/${host.code}`)).body.lobby.players.length,
      1,
    );
  } finally {
    await server.close();
  }
});

Deno.test("the API limit covers every /api route and the WebSocket upgrade, never /health", async () => {
  const server = await startTestServer({ RATE_LIMIT_API: "3" });
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal((await api(server.url, "GET", "/api/lobbies/ZZZZZZ")).status, 404);
    }
    assert.equal((await api(server.url, "GET", "/api/lobbies/ZZZZZZ")).status, 429);
    const upgrade = await fetch(`${server.url}/ws/ZZZZZZ?token=x`, {
      headers: {
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      },
    });
    assert.equal(upgrade.status, 429, "join codes cannot be guessed through the WebSocket");
    await upgrade.body?.cancel();
    for (let i = 0; i < 20; i++) {
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: "healthy" });
    }
  } finally {
    await server.close();
  }
});

Deno.test("X-Forwarded-For decides the client only with TRUST_PROXY hops", async (t) => {
  await t.step("TRUST_PROXY=0 ignores the header: one client", async () => {
    const server = await startTestServer({ RATE_LIMIT_API: "2" });
    try {
      const statuses = [];
      for (const ip of ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) {
        statuses.push(
          (await api(server.url, "GET", "/api/lobbies/ZZZZZZ", {
            headers: { "x-forwarded-for": ip },
          })).status,
        );
      }
      assert.deepEqual(statuses, [404, 404, 429]);
    } finally {
      await server.close();
    }
  });
  await t.step(
    "TRUST_PROXY=1 reads the last hop: separate clients, and a spoofed first entry does not help",
    async () => {
      const server = await startTestServer({ RATE_LIMIT_API: "2", TRUST_PROXY: "1" });
      try {
        const get = (xff: string) =>
          api(server.url, "GET", "/api/lobbies/ZZZZZZ", { headers: { "x-forwarded-for": xff } });
        assert.equal((await get("1.1.1.1")).status, 404);
        assert.equal((await get("1.1.1.1")).status, 404);
        assert.equal((await get("1.1.1.1")).status, 429);
        assert.equal((await get("2.2.2.2")).status, 404);
        assert.equal(
          (await get("9.9.9.9, 1.1.1.1")).status,
          429,
          "the entry the proxy appended counts",
        );
      } finally {
        await server.close();
      }
    },
  );
});
