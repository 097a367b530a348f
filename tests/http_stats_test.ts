import assert from "node:assert/strict";
import { HttpStats, routeOf } from "../lib/http_stats.ts";

Deno.test("routeOf() reduces paths to a fixed set of patterns", async (t) => {
  for (
    const [path, route] of [
      ["/", "/"],
      ["/api/lobbies", "/api/lobbies"],
      ["/api/lobbies/", "/api/lobbies"],
      ["/api/lobbies/K7QX2M", "/api/lobbies/:code"],
      ["/api/lobbies/K7QX2M/join", "/api/lobbies/:code/join"],
      ["/api/lobbies/K7QX2M/leave", "/api/lobbies/:code/leave"],
      ["/api/lobbies/K7QX2M/start", "/api/lobbies/:code/start"],
      ["/api/lobbies/K7QX2M/explode", "other"],
      ["/ws/K7QX2M", "/ws/:code"],
      ["/lobby/K7QX2M", "/lobby/:code"],
      ["/health", "/health"],
      ["/health/detailed", "/health/detailed"],
      ["/metrics", "/metrics"],
      ["/status", "/status"],
      ["/static/build/app.js", "/static/*"],
      ["/wp-admin/setup.php", "other"],
      ["/health/../metrics", "other"],
    ] as const
  ) {
    await t.step(path, () => assert.equal(routeOf(path), route));
  }
});

Deno.test("HttpStats counts requests by route and status, never by code", () => {
  const stats = new HttpStats();
  stats.record("/api/lobbies/K7QX2M/join", 200);
  stats.record("/api/lobbies/ZZ9YY8/join", 200);
  stats.record("/api/lobbies/ABCDEF/join", 409);
  stats.record("/api/lobbies", 201);
  const requests = stats.requests();
  const byKey = new Map(requests.map((r) => [`${r.route} ${r.status}`, r.count]));
  assert.equal(byKey.get("/api/lobbies/:code/join 200"), 2);
  assert.equal(byKey.get("/api/lobbies/:code/join 409"), 1);
  assert.equal(byKey.get("/api/lobbies 201"), 1);
  assert.equal(requests.length, 3);
  const json = JSON.stringify(requests);
  for (const code of ["K7QX2M", "ZZ9YY8", "ABCDEF"]) assert.ok(!json.includes(code), code);
});

Deno.test("HttpStats stays bounded whatever paths and statuses clients cause", () => {
  const stats = new HttpStats();
  for (let i = 0; i < 1000; i++) {
    stats.record(`/random/${crypto.randomUUID()}`, 404);
    stats.record(`/api/lobbies/${i}`, 200);
    stats.record("/", 1000 + i); // impossible statuses fold into one
  }
  const requests = stats.requests();
  assert.deepEqual(
    new Set(requests.map((r) => `${r.route} ${r.status}`)),
    new Set(["other 404", "/api/lobbies/:code 200", "/ 0"]),
  );
  for (const r of requests) assert.equal(r.count, 1000);
});

Deno.test("HttpStats counts rate-limit refusals by policy", () => {
  const stats = new HttpStats();
  assert.equal(stats.limitedTotal, 0);
  stats.recordLimited("lobby_create");
  stats.recordLimited("lobby_create");
  stats.recordLimited("api");
  assert.deepEqual([...stats.limited()].sort(), [["api", 1], ["lobby_create", 2]]);
  assert.equal(stats.limitedTotal, 3);
});
