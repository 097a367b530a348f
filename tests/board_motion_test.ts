import assert from "node:assert/strict";
import {
  directionFromKeys,
  followStep,
  isMovementKey,
  SELF_SPEED,
  stepSelf,
} from "../islands/shared/board_motion.ts";
import {
  assignColors,
  boardLabel,
  PLAYER_COLORS,
  spawnPoint,
} from "../islands/shared/player_look.ts";

const near = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

Deno.test("directionFromKeys() reads arrows and WASD, and keeps diagonals at unit speed", () => {
  assert.deepEqual(directionFromKeys(new Set(["arrowright"])), { x: 1, y: 0 });
  assert.deepEqual(directionFromKeys(new Set(["w"])), { x: 0, y: -1 });
  assert.deepEqual(directionFromKeys(new Set(["a", "arrowleft"])), { x: -1, y: 0 });
  assert.deepEqual(directionFromKeys(new Set(["arrowleft", "arrowright"])), { x: 0, y: 0 });
  const diagonal = directionFromKeys(new Set(["d", "s"]));
  near(Math.hypot(diagonal.x, diagonal.y), 1);
  assert.equal(isMovementKey("enter"), false);
});

Deno.test("stepSelf() moves at SELF_SPEED and stays on the board", () => {
  const moved = stepSelf({ x: 100, y: 100 }, { x: 1, y: 0 }, null, 0.5).position;
  assert.deepEqual(moved, { x: 100 + SELF_SPEED / 2, y: 100 });
  const clamped = stepSelf({ x: 990, y: 5 }, { x: 1, y: -1 }, null, 1).position;
  assert.deepEqual(clamped, { x: 1000, y: 0 });
});

Deno.test("stepSelf() walks to a pointer target, stops on it, and lets keys override it", () => {
  let step = stepSelf({ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 600 }, 1);
  assert.deepEqual(step, { position: { x: 0, y: SELF_SPEED }, target: { x: 0, y: 600 } });
  step = stepSelf(step.position, { x: 0, y: 0 }, step.target, 2);
  assert.deepEqual(step, { position: { x: 0, y: 600 }, target: null });
  step = stepSelf({ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 600 }, 0.1);
  assert.equal(step.target, null);
});

Deno.test("followStep() closes the gap smoothly and comes to rest on the target", () => {
  const target = { x: 100, y: 0 };
  let shown = { x: 0, y: 0 };
  shown = followStep(shown, target, 1 / 60);
  assert.ok(shown.x > 0 && shown.x < 50, `one frame moves part of the way, got ${shown.x}`);
  for (let i = 0; i < 120; i++) shown = followStep(shown, target, 1 / 60);
  assert.deepEqual(shown, target);
});

Deno.test("spawnPoint() agrees on every client and keeps the first players well apart", () => {
  assert.deepEqual(spawnPoint("player-a", 0), spawnPoint("player-a", 0));
  const ids = Array.from({ length: 10 }, (_, i) => `some-player-id-${i}`);
  const spots = ids.map((id, index) => spawnPoint(id, index));
  for (const [i, a] of spots.entries()) {
    assert.ok(
      a.x >= 60 && a.x <= 940 && a.y >= 60 && a.y <= 940,
      `${ids[i]} spawns at ${a.x},${a.y}`,
    );
    for (const b of spots.slice(i + 1)) {
      // Far enough apart that a label above one dot (about 80 units tall) never covers another.
      assert.ok(
        Math.abs(a.x - b.x) > 400 || Math.abs(a.y - b.y) > 150,
        `${a.x},${a.y} is too close to ${b.x},${b.y}`,
      );
    }
  }
  for (const index of [10, 11, 25]) {
    const { x, y } = spawnPoint(`late-${index}`, index);
    assert.ok(x >= 60 && x <= 940 && y >= 60 && y <= 940, `player ${index} spawns at ${x},${y}`);
  }
});

Deno.test("assignColors() gives each player a colour from their id, not their place", async (t) => {
  const ids = ["p-ada", "p-grace", "p-alan", "p-edsger"];

  await t.step("every client computes the same colours", () => {
    assert.deepEqual(assignColors(ids), assignColors([...ids]));
  });

  await t.step("no two of up to ten players share a colour", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `player-${i}`);
    const colors = assignColors(ten);
    assert.equal(new Set(colors.values()).size, 10);
    for (const color of colors.values()) assert.ok(PLAYER_COLORS.includes(color as never));
  });

  await t.step("a colour does not change when someone else leaves", () => {
    const before = assignColors(ids);
    for (const leaving of ids) {
      const staying = ids.filter((id) => id !== leaving);
      const after = assignColors(staying, before);
      for (const id of staying) assert.equal(after.get(id), before.get(id), `${id} changed`);
    }
  });

  await t.step("the first player's colour depends on the id alone", () => {
    const alone = assignColors(["p-grace"]).get("p-grace");
    assert.equal(assignColors(["p-grace", "p-ada"]).get("p-grace"), alone);
  });
});

Deno.test("boardLabel() cuts long names to 14 characters with an ellipsis", () => {
  assert.equal(boardLabel("Ada"), "Ada");
  assert.equal(boardLabel("Abcdefghijklmn"), "Abcdefghijklmn");
  assert.equal(boardLabel("W".repeat(32)), `${"W".repeat(13)}…`);
  assert.equal(boardLabel("Bartholomew the Magnificent"), "Bartholomew t…");
  // An emoji with joiners counts as one character and is never cut in half.
  const family = "👩‍👩‍👧";
  assert.equal(boardLabel(family.repeat(20)), `${family.repeat(13)}…`);
});
