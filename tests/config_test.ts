import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../lib/config.ts";

/** The ConfigError `loadConfig(env)` throws; fails the test when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
    return error;
  }
  assert.fail(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

Deno.test("loadConfig() with an empty environment uses DESIGN.md's defaults", () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 8000);
  assert.equal(config.MAX_WEBSOCKET_CONNECTIONS, 500);
  assert.equal(config.MAX_CONNECTIONS_PER_LOBBY, 10);
  assert.equal(config.LOBBY_CACHE_TTL_SECONDS, 5);
  assert.equal(config.RATE_LIMIT_LOBBY_CREATE, 5);
  assert.equal(config.RATE_LIMIT_LOBBY_JOIN, 10);
  assert.equal(config.RATE_LIMIT_API, 100);
  assert.equal(config.RATE_LIMIT_WS_MESSAGES, 60);
  assert.equal(config.BROADCAST_HZ, 20);
  assert.equal(config.HEALTH_TOKEN, "");
  assert.equal(config.TRUST_PROXY, 0);
  assert.deepEqual(config.ALLOWED_ORIGINS, []);
});

Deno.test("loadConfig() treats empty and blank values as unset", () => {
  const config = loadConfig({ PORT: "", RATE_LIMIT_API: "   ", ALLOWED_ORIGINS: " " });
  assert.equal(config.PORT, 8000);
  assert.equal(config.RATE_LIMIT_API, 100);
  assert.deepEqual(config.ALLOWED_ORIGINS, []);
});

Deno.test("loadConfig() reads valid values, trimming whitespace", () => {
  const config = loadConfig({
    PORT: " 0 ",
    HOST: " 127.0.0.1 ",
    KV_PATH: ":memory:",
    MAX_WEBSOCKET_CONNECTIONS: "2000",
    LOBBY_CACHE_TTL_SECONDS: "0.5",
    BROADCAST_HZ: "30",
    TRUST_PROXY: "1",
    HEALTH_TOKEN: "0123456789abcdef",
  });
  assert.equal(config.PORT, 0);
  assert.equal(config.HOST, "127.0.0.1");
  assert.equal(config.KV_PATH, ":memory:");
  assert.equal(config.MAX_WEBSOCKET_CONNECTIONS, 2000);
  assert.equal(config.LOBBY_CACHE_TTL_SECONDS, 0.5);
  assert.equal(config.BROADCAST_HZ, 30);
  assert.equal(config.TRUST_PROXY, 1);
  assert.equal(config.HEALTH_TOKEN, "0123456789abcdef");
});

Deno.test("loadConfig() reports every bad variable in ONE ConfigError", () => {
  const bad = {
    PORT: "eighty",
    MAX_WEBSOCKET_CONNECTIONS: "0",
    RATE_LIMIT_API: "-5",
    BROADCAST_HZ: "1000",
    MAX_CONNECTIONS_PER_LOBBY: "2.5",
    ALLOWED_ORIGINS: "ftp://files.example",
    HEALTH_TOKEN: "short",
  };
  const error = configError({ ...bad, RATE_LIMIT_LOBBY_JOIN: "12" });
  assert.equal(error.problems.length, Object.keys(bad).length, error.message);
  for (const name of Object.keys(bad)) {
    assert.equal(
      error.problems.filter((p) => p.startsWith(`${name}:`)).length,
      1,
      `${name} is named once in:\n${error.message}`,
    );
    assert.match(error.message, new RegExp(`\\b${name}\\b`));
  }
  assert.doesNotMatch(error.message, /RATE_LIMIT_LOBBY_JOIN/, "a good variable is not blamed");
});

Deno.test("loadConfig() refuses out-of-range and malformed numbers", async (t) => {
  for (
    const [name, value] of [
      ["PORT", "65536"],
      ["PORT", "0x50"],
      ["PORT", "1e3"],
      ["TRUST_PROXY", "11"],
      ["RATE_LIMIT_WS_MESSAGES", "Infinity"],
      ["LOBBY_CACHE_TTL_SECONDS", "NaN"],
      ["BROADCAST_HZ", "0"],
    ] as const
  ) {
    await t.step(`${name}=${value}`, () => {
      const error = configError({ [name]: value });
      assert.equal(error.problems.length, 1);
      assert.ok(error.problems[0]!.startsWith(`${name}:`), error.problems[0]);
    });
  }
});

Deno.test("loadConfig() parses ALLOWED_ORIGINS", async (t) => {
  await t.step("a comma-separated list, with spaces and empty items", () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: " https://game.example , http://localhost:5173,,https://b.example:8443 ",
    });
    assert.deepEqual(config.ALLOWED_ORIGINS, [
      "https://game.example",
      "http://localhost:5173",
      "https://b.example:8443",
    ]);
  });
  await t.step("a trailing slash and upper case are normalised to the origin", () => {
    assert.deepEqual(loadConfig({ ALLOWED_ORIGINS: "https://Game.Example/" }).ALLOWED_ORIGINS, [
      "https://game.example",
    ]);
  });
  await t.step('"*" is kept as the wildcard', () => {
    assert.deepEqual(loadConfig({ ALLOWED_ORIGINS: "*" }).ALLOWED_ORIGINS, ["*"]);
  });
  for (
    const bad of [
      "game.example",
      "https://game.example/path",
      "ftp://game.example",
      "null",
    ]
  ) {
    await t.step(`"${bad}" is not an origin`, () => {
      const error = configError({ ALLOWED_ORIGINS: `https://ok.example,${bad}` });
      assert.equal(error.problems.length, 1);
      assert.match(error.problems[0]!, /^ALLOWED_ORIGINS: /);
      assert.ok(error.problems[0]!.includes(`"${bad}"`), error.problems[0]);
    });
  }
});

Deno.test("loadConfig() refuses a HEALTH_TOKEN shorter than 16 characters", () => {
  const error = configError({ HEALTH_TOKEN: "abc" });
  assert.equal(error.problems.length, 1);
  assert.match(error.problems[0]!, /^HEALTH_TOKEN:/);
  assert.doesNotThrow(() => loadConfig({ HEALTH_TOKEN: "x".repeat(16) }));
});
