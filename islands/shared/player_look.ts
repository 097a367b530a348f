/**
 * How a player looks on every screen, derived from the player id alone so that every client
 * agrees without asking the server: a colour, and a starting spot until a position arrives.
 *
 * @example
 * ```ts
 * playerColor("p_123"); // "hsl(212 70% 50%)"
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

/** The player's colour. */
export function playerColor(id: string): string {
  return `hsl(${hashId(id) % 360} 70% 50%)`;
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
