/**
 * Operator endpoints on a real server: `/health`, `/health/detailed` in the launch design's shape
 * and its protection, `/metrics` in the Prometheus text format.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_server.ts";
import { createLobby, eventually, gameSocket } from "./_client.ts";

const TOKEN = "operator-token-0123456789";

Deno.test("/health/detailed has the launch design's shape with live figures and never a join code", async () => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url);
    const socket = gameSocket(server.wsUrl, host.code, host.token);
    await socket.next("welcome");
    await eventually(
      async () => {
        const body = await (await fetch(`${server.url}/health/detailed`)).json();
        return body.connections.total_connections === 1;
      },
      3000,
      "the connection to show",
    );
    const response = await fetch(`${server.url}/health/detailed`);
    assert.equal(response.status, 200);
    const text = await response.text();
    const body = JSON.parse(text);
    assert.equal(body.status, "healthy");
    assert.equal(body.connections.max_connections, 500);
    assert.equal(body.connections.active_lobbies, 1);
    assert.deepEqual(body.connections.lobby_sizes, { "1": 1 });
    for (const key of ["hits", "misses", "hit_rate", "cached_lobbies"]) {
      assert.equal(typeof body.cache[key], "number", key);
    }
    assert.equal(typeof body.games.active_sessions, "number");
    assert.ok(body.system.memory_mb > 0);
    assert.equal(typeof body.system.cpu_percent, "number");
    assert.equal(typeof body.system.event_loop_lag_ms, "number");
    assert.equal(typeof body.system.uptime_seconds, "number");
    assert.equal(typeof body.rate_limits.rejections_total, "number");
    assert.equal(typeof body.rate_limits.tracked_clients.api, "number");
    assert.equal(text.includes(host.code), false, "join codes are secrets");
    await socket.close();
  } finally {
    await server.close();
  }
});

Deno.test("operator endpoints need the bearer token when one is configured", async () => {
  const server = await startTestServer({ HEALTH_TOKEN: TOKEN });
  try {
    for (const path of ["/health/detailed", "/metrics"]) {
      const none = await fetch(server.url + path);
      assert.equal(none.status, 401);
      assert.equal((await none.json()).error.code, "unauthorized");
      const wrong = await fetch(server.url + path, { headers: { authorization: "Bearer nope" } });
      assert.equal(wrong.status, 401);
      await wrong.body?.cancel();
      const right = await fetch(server.url + path, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(right.status, 200);
      await right.body?.cancel();
    }
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("without a token, operator endpoints answer loopback callers that did not come through a proxy", async () => {
  const server = await startTestServer();
  try {
    const direct = await fetch(`${server.url}/metrics`);
    assert.equal(direct.status, 200);
    await direct.body?.cancel();
    const proxied = await fetch(`${server.url}/metrics`, {
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    assert.equal(proxied.status, 401);
    await proxied.body?.cancel();
    // A foreign page that pointed its own name at 127.0.0.1 (DNS rebinding) asks for its host;
    // fetch() would put our own in, so this one goes over TCP by hand.
    const tcp = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
    await tcp.write(new TextEncoder().encode(
      `GET /health/detailed HTTP/1.1\r\nHost: evil.example:${server.port}\r\nConnection: close\r\n\r\n`,
    ));
    const answer = new Uint8Array(4096);
    const n = await tcp.read(answer);
    tcp.close();
    assert.match(new TextDecoder().decode(answer.subarray(0, n ?? 0)), /^HTTP\/1\.1 401 /);
    const named = await fetch(`http://localhost:${server.port}/metrics`);
    assert.equal(named.status, 200, "localhost by name is loopback too");
    await named.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("/metrics is valid Prometheus text with HELP and TYPE for every family", async () => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url);
    await fetch(`${server.url}/api/lobbies/${host.code}`).then((r) => r.body?.cancel());
    const response = await fetch(`${server.url}/metrics`);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const lines = text.trimEnd().split("\n");
    const typed = new Set<string>();
    for (const line of lines) {
      if (line.startsWith("# HELP ")) {
        assert.match(line, /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/);
      } else if (line.startsWith("# TYPE ")) {
        const match = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)$/.exec(line);
        assert.ok(match, line);
        typed.add(match[1]!);
      } else {
        const match =
          /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/
            .exec(line);
        assert.ok(match, `not a sample line: ${line}`);
        const family = match[1]!.replace(/_(bucket|sum|count)$/, "");
        assert.ok(typed.has(match[1]!) || typed.has(family), `sample before its TYPE: ${line}`);
      }
    }
    assert.match(text, /lobby_http_requests_total\{route="\/api\/lobbies\/:code",status="200"\} 1/);
    assert.match(text, /lobby_ws_connections 0/);
    assert.equal(text.includes(host.code), false);
  } finally {
    await server.close();
  }
});
