/**
 * How a player looks on every screen, derived from what every client already knows so they all
 * agree without asking the server: a colour from the player's place in the lobby (the host is
 * always the first colour), and a starting spot from the player id until a position arrives.
 *
 * @example
 * ```ts
 * playerColor(0); // "#ef4444"
 * spawnPoint("p_123"); // { x: 431, y: 688 }
 * ```
 */
import { BOARD_SIZE } from "../../lib/protocol.ts";

/** A point on the board. */
export interface Point {
  x: number;
  y: number;
}

/** 32-bit FNV-1a: tiny, stable across browsers, and well spread for short ids. */
export function hashId(id: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Ten colours far apart from each other, readable on the light and the dark board. */
export const PLAYER_COLORS = [
  "#ef4444",
  "#3b82f6",
  "#22c55e",
  "#f59e0b",
  "#a855f7",
  "#ec4899",
  "#14b8a6",
  "#f97316",
  "#64748b",
  "#84cc16",
] as const;

/** The colour of the player at `index` in the lobby's player list. */
export function playerColor(index: number): string {
  return PLAYER_COLORS[Math.abs(Math.trunc(index)) % PLAYER_COLORS.length]!;
}

/** Where a player's dot starts: inside a margin so the name fits on the board. */
export function spawnPoint(id: string): Point {
  const margin = BOARD_SIZE * 0.12;
  const span = BOARD_SIZE - 2 * margin;
  return {
    x: Math.round(margin + (hashId(id, 0x9e3779b9) % 10_000) / 10_000 * span),
    y: Math.round(margin + (hashId(id, 0x85ebca6b) % 10_000) / 10_000 * span),
  };
}
