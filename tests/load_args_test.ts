/** The load tester's command-line flags. */
import assert from "node:assert/strict";
import { LOAD_DEFAULTS, parseLoadArgs } from "../tools/load/args.ts";

Deno.test("parseLoadArgs fills every default when given no flags", () => {
  assert.deepEqual(parseLoadArgs([]), LOAD_DEFAULTS);
});

Deno.test("parseLoadArgs reads flags as '--name value' and '--name=value'", () => {
  const options = parseLoadArgs([
    "--players",
    "2000",
    "--lobby-size=8",
    "--hz",
    "60",
    "--seconds=2.5",
    "--url",
    "http://127.0.0.1:8000/",
    "--broadcast-hz",
    "30",
    "--json",
    "--quiet",
    "--bare",
    "--health-token",
    "s3cret-token-of-the-server",
    "--max-p99-ms=50",
    "--min-delivery",
    "99",
  ]);
  assert.equal(options.players, 2000);
  assert.equal(options.lobbySize, 8);
  assert.equal(options.hz, 60);
  assert.equal(options.seconds, 2.5);
  assert.equal(options.url, "http://127.0.0.1:8000");
  assert.equal(options.broadcastHz, 30);
  assert.equal(options.json, true);
  assert.equal(options.quiet, true);
  assert.equal(options.bare, true);
  assert.equal(options.help, false);
  assert.equal(options.healthToken, "s3cret-token-of-the-server");
  assert.equal(options.maxP99Ms, 50);
  assert.equal(options.minDeliveryPercent, 99);
});

Deno.test("parseLoadArgs says what is wrong with a negative number or a URL with a path", () => {
  assert.throws(() => parseLoadArgs(["--players", "-5"]), /--players: -5 is outside 1 to/);
  assert.throws(
    () => parseLoadArgs(["--url", "http://host:8000/game"]),
    /give the server's origin, like http:\/\/host:8000, without a path/,
  );
});

Deno.test("parseLoadArgs names every bad flag in one TypeError", () => {
  assert.throws(
    () =>
      parseLoadArgs([
        "--players",
        "1.5",
        "--hz=0",
        "--url",
        "ftp://x",
        "--frobnicate",
        "--json=yes",
        "--seconds",
      ]),
    (error: unknown) => {
      assert.ok(error instanceof TypeError);
      for (
        const part of [
          "--players",
          "--hz",
          "--url",
          "--frobnicate",
          "--json takes no value",
          "--seconds needs a value",
        ]
      ) {
        assert.match(error.message, new RegExp(part.replace(/[-]/g, "\\-")));
      }
      return true;
    },
  );
});

Deno.test("parseLoadArgs refuses more moves per player than the coordinates can number", () => {
  assert.throws(() => parseLoadArgs(["--hz", "1000", "--seconds", "3600"]), /moves per player/);
});

Deno.test("parseLoadArgs accepts --help and -h", () => {
  assert.equal(parseLoadArgs(["--help"]).help, true);
  assert.equal(parseLoadArgs(["-h"]).help, true);
});
