/**
 * How a player looks on every screen, derived from what every client already knows so they all
 * agree without asking the server: a colour from the player's id, a short label for the board,
 * and a starting spot until a position arrives.
 *
 * @example
 * ```ts
 * const colors = assignColors(["p_1", "p_2"]); // Map { "p_1" => "#…", "p_2" => "#…" }
 * boardLabel("Bartholomew the Magnificent"); // "Bartholomew t…"
 * spawnPoint("p_1", 0); // { x: 250, y: 315 } give or take a little jitter
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
  "#a16207", // brown: a grey dot would look like a player who is away
  "#84cc16",
] as const;

/**
 * The colour of each player: the palette entry the id hashes to, or, when a player already
 * present holds it, the next free one after it. Players in `previous` keep the colour they had,
 * so a colour never changes while its player stays, whoever else joins or leaves. Players new
 * to `previous` are placed in `ids` order (join order), which every client sees alike.
 */
export function assignColors(
  ids: readonly string[],
  previous: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of ids) {
    const color = previous.get(id);
    if (color === undefined) continue;
    colors.set(id, color);
    taken.add(color);
  }
  const count = PLAYER_COLORS.length;
  for (const id of ids) {
    if (colors.has(id)) continue;
    const first = hashId(id) % count;
    let color: string = PLAYER_COLORS[first]!;
    for (let step = 0; step < count; step++) {
      const candidate = PLAYER_COLORS[(first + step) % count]!;
      if (!taken.has(candidate)) {
        color = candidate;
        break;
      }
    }
    colors.set(id, color);
    taken.add(color);
  }
  return colors;
}

/** Longest name drawn on the board, in characters; longer ones end in "…". */
export const BOARD_LABEL_MAX = 14;

/**
 * A name cut to `max` characters for the board. Counts what a reader sees as one character
 * (an emoji with its joiners, a letter with its accents) where the browser can tell.
 */
export function boardLabel(name: string, max = BOARD_LABEL_MAX): string {
  const characters = _graphemes(name);
  if (characters.length <= max) return name;
  return characters.slice(0, max - 1).join("").trimEnd() + "…";
}

function _graphemes(text: string): string[] {
  if (typeof Intl !== "undefined" && "Segmenter" in Intl) {
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    return Array.from(segmenter.segment(text), (s) => s.segment);
  }
  return [...text];
}

// Ten starting spots, far enough apart that a name above one dot never covers another dot: two
// columns 500 units apart (room for the longest label) and rows 185 apart (room for a label
// above a dot). The order spreads the first few players over the whole board.
const _SPAWN_SLOTS: readonly Point[] = [
  { x: 250, y: 315 },
  { x: 750, y: 685 },
  { x: 750, y: 315 },
  { x: 250, y: 685 },
  { x: 250, y: 500 },
  { x: 750, y: 500 },
  { x: 750, y: 130 },
  { x: 250, y: 870 },
  { x: 250, y: 130 },
  { x: 750, y: 870 },
];

/**
 * Where a player's dot starts: the spot for their place in the lobby's join order, nudged a
 * little by their id so a board does not look like a grid. Past ten players the spots are
 * reused with a larger nudge.
 */
export function spawnPoint(id: string, index: number): Point {
  const slotIndex = Math.max(0, Math.trunc(index));
  const slot = _SPAWN_SLOTS[slotIndex % _SPAWN_SLOTS.length]!;
  const round = Math.floor(slotIndex / _SPAWN_SLOTS.length);
  const spread = round === 0 ? 40 : 120;
  const jitter = (seed: number) => ((hashId(id, seed) % 1001) / 1000 - 0.5) * spread;
  return {
    x: Math.round(_clamp(slot.x + jitter(0x9e3779b9) + round * 90)),
    y: Math.round(_clamp(slot.y + jitter(0x85ebca6b) / 2)),
  };
}

function _clamp(value: number): number {
  return Math.min(BOARD_SIZE - 60, Math.max(60, value));
}
