/**
 * The arithmetic of moving dots, kept apart from the component so it is plain and testable:
 * your own dot moves at a steady speed from the keys or toward a pointer target; other players'
 * dots glide toward the latest position the server sent, closing a fixed share of the gap each
 * second so they look smooth between the server's ticks.
 *
 * @example
 * ```ts
 * const dir = directionFromKeys(new Set(["arrowright"]));
 * const next = stepSelf({ x: 0, y: 0 }, dir, null, 0.5).position; // { x: 150, y: 0 }
 * ```
 */
import { BOARD_SIZE } from "../../lib/protocol.ts";
import type { Point } from "./player_look.ts";

/** Board units per second your own dot moves. */
export const SELF_SPEED = 300;
/** Share of the gap to the latest known position a remote dot closes per second (exponential). */
export const FOLLOW_RATE = 12;

const _KEY_DIRECTIONS: Readonly<Record<string, Point>> = {
  arrowup: { x: 0, y: -1 },
  w: { x: 0, y: -1 },
  arrowdown: { x: 0, y: 1 },
  s: { x: 0, y: 1 },
  arrowleft: { x: -1, y: 0 },
  a: { x: -1, y: 0 },
  arrowright: { x: 1, y: 0 },
  d: { x: 1, y: 0 },
};

/** True for a key (lower-cased `KeyboardEvent.key`) that moves the dot. */
export function isMovementKey(key: string): boolean {
  return key in _KEY_DIRECTIONS;
}

/** The unit direction the held keys point to; {0, 0} when none or when they cancel out. */
export function directionFromKeys(keys: ReadonlySet<string>): Point {
  let x = 0;
  let y = 0;
  for (const key of keys) {
    const direction = _KEY_DIRECTIONS[key];
    if (direction) {
      x += direction.x;
      y += direction.y;
    }
  }
  x = Math.sign(x);
  y = Math.sign(y);
  const length = Math.hypot(x, y);
  return length === 0 ? { x: 0, y: 0 } : { x: x / length, y: y / length };
}

/** Clamps a point to the board. */
export function clampToBoard(point: Point): Point {
  return {
    x: Math.min(BOARD_SIZE, Math.max(0, point.x)),
    y: Math.min(BOARD_SIZE, Math.max(0, point.y)),
  };
}

/**
 * Moves your dot for `dt` seconds. Keys win over a pointer target (and clear it); a target is
 * dropped once reached.
 */
export function stepSelf(
  position: Point,
  direction: Point,
  target: Point | null,
  dt: number,
  speed = SELF_SPEED,
): { position: Point; target: Point | null } {
  const reach = speed * dt;
  if (direction.x !== 0 || direction.y !== 0) {
    const moved = { x: position.x + direction.x * reach, y: position.y + direction.y * reach };
    return { position: clampToBoard(moved), target: null };
  }
  if (target === null) return { position, target };
  const dx = target.x - position.x;
  const dy = target.y - position.y;
  const distance = Math.hypot(dx, dy);
  if (distance <= reach) return { position: clampToBoard(target), target: null };
  const moved = {
    x: position.x + (dx / distance) * reach,
    y: position.y + (dy / distance) * reach,
  };
  return { position: clampToBoard(moved), target };
}

/** Moves a remote dot's shown position toward its target for `dt` seconds. */
export function followStep(shown: Point, target: Point, dt: number, rate = FOLLOW_RATE): Point {
  const share = 1 - Math.exp(-rate * dt);
  const x = shown.x + (target.x - shown.x) * share;
  const y = shown.y + (target.y - shown.y) * share;
  // Within half a unit the difference is invisible; snapping lets the animation come to rest.
  if (Math.abs(target.x - x) < 0.5 && Math.abs(target.y - y) < 0.5) return { ...target };
  return { x, y };
}
