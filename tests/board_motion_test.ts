import assert from "node:assert/strict";
import {
  directionFromKeys,
  followStep,
  isMovementKey,
  SELF_SPEED,
  stepSelf,
} from "../islands/shared/board_motion.ts";
import { playerColor, spawnPoint } from "../islands/shared/player_look.ts";

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

Deno.test("spawnPoint() and playerColor() agree on every client", () => {
  assert.deepEqual(spawnPoint("player-a"), spawnPoint("player-a"));
  assert.notDeepEqual(spawnPoint("player-a"), spawnPoint("player-b"));
  for (const id of ["a", "bb", "some-long-player-id-123"]) {
    const { x, y } = spawnPoint(id);
    assert.ok(x >= 120 && x <= 880 && y >= 120 && y <= 880, `${id} spawns at ${x},${y}`);
  }
  assert.notEqual(playerColor(0), playerColor(1));
  assert.equal(playerColor(10), playerColor(0));
});
