/** The benchmark's CPU profile summary, on a small hand-made profile. */
import assert from "node:assert/strict";
import {
  categorize,
  type CpuProfile,
  shortenUrl,
  summarizeProfile,
} from "../tools/bench/cpu_profile.ts";

function frame(id: number, functionName: string, url = "", lineNumber = 0) {
  return { id, callFrame: { functionName, url, lineNumber } };
}

const PROFILE: CpuProfile = {
  nodes: [
    frame(1, "(root)"),
    frame(2, "(idle)"),
    frame(3, "onPosition", "file:///work/main/lib/hub.ts", 134),
    frame(4, "op_ws_send_text"),
    frame(5, "(garbage collector)"),
  ],
  // Sample i is charged timeDeltas[i] µs.
  samples: [2, 3, 3, 4, 5, 2, 3],
  timeDeltas: [1000, 2000, 2000, 1000, 1000, 3000, 1000],
};

Deno.test("summarizeProfile charges each sample's time to its function and leaves idle out of the shares", () => {
  const summary = summarizeProfile(PROFILE);
  assert.equal(summary.sampledMs, 11);
  assert.equal(summary.idleMs, 4);
  assert.deepEqual(summary.rows.map((r) => [r.name, r.location, r.selfMs, r.percent]), [
    ["onPosition", "lib/hub.ts:135", 5, 71.4],
    ["op_ws_send_text", "", 1, 14.3],
    ["(garbage collector)", "", 1, 14.3],
  ]);
  assert.deepEqual(summary.categories.map((c) => c.category), ["app", "deno op", "gc"]);
});

Deno.test("summarizeProfile counts only samples inside the window when given one", () => {
  // Sample clock: 1, 3, 5, 6, 7, 10, 11 ms.
  const summary = summarizeProfile(PROFILE, { fromMs: 4, toMs: 10 });
  assert.equal(summary.sampledMs, 7);
  assert.equal(summary.idleMs, 3);
  assert.deepEqual(summary.rows.map((r) => r.name), [
    "onPosition",
    "op_ws_send_text",
    "(garbage collector)",
  ]);
  assert.equal(summary.rows[0]!.selfMs, 2);
});

Deno.test("categorize and shortenUrl tell the app from Deno's runtime and npm packages", () => {
  assert.equal(categorize("flush", "file:///work/main/lib/lobby_room.ts"), "app");
  assert.equal(categorize("send", "ext:deno_websocket/01_websocket.js"), "deno runtime js");
  assert.equal(categorize("op_now", ""), "deno op");
  assert.equal(
    categorize(
      "dispatch",
      "file:///root/.cache/deno/npm/registry.npmjs.org/hono/4.13.23/dist/hono.js",
    ),
    "npm",
  );
  assert.equal(categorize("digest", ""), "other");
  assert.equal(shortenUrl("file:///work/main/lib/hub.ts"), "lib/hub.ts");
  assert.equal(
    shortenUrl("file:///x/registry.npmjs.org/hono/4.13.23/dist/hono.js"),
    "hono/4.13.23/dist/hono.js",
  );
  assert.equal(shortenUrl("ext:deno_web/02_event.js"), "ext:deno_web/02_event.js");
});
