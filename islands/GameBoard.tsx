/**
 * The game: an SVG board scaled to fit any screen, with one dot per player. The board's user
 * units are the wire's (0..1000 on each axis); the view box adds a margin of
 * {@link BOARD_MARGIN} around them so a dot at an edge is drawn whole. Arrow keys or WASD move
 * your dot; pressing or dragging on the board sets a spot it walks to. Your position goes to the
 * server through the client socket (which throttles it); other dots glide toward the latest
 * positions the server broadcast. A player whose connection dropped is greyed out until they
 * are back (or gone).
 *
 * Each dot is `<g data-player-id data-x data-y data-away transform="translate(x y)">` so tests
 * and tools can read positions off the page.
 */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import type { ClientSocket } from "../lib/client_socket.ts";
import { BOARD_SIZE, type PublicPlayer } from "../lib/protocol.ts";
import {
  clampToBoard,
  directionFromKeys,
  followStep,
  isMovementKey,
  stepSelf,
} from "./shared/board_motion.ts";
import { boardLabel, type Point, spawnPoint } from "./shared/player_look.ts";

/** Board units drawn around the 0..1000 play area: room for half a dot and its halo. */
export const BOARD_MARGIN = 48;

const _DOT_RADIUS = 26;
const _LABEL_SIZE = 34;
const _STATUS_SIZE = 26;

/** Props of {@link GameBoard}. */
export interface GameBoardProps {
  players: readonly PublicPlayer[];
  /** Colour by player id. */
  colors: ReadonlyMap<string, string>;
  /** Players whose connection dropped and who may come back. */
  away: ReadonlySet<string>;
  /** This tab's player id. */
  me: string;
  /** Where positions come from and go to. */
  link: Pick<ClientSocket, "onMessage" | "sendPosition">;
  /** Positions already known (from the welcome) when the board appears. */
  knownPositions: ReadonlyMap<string, Point>;
}

interface RemoteDot {
  shown: Point;
  target: Point;
}

/** The live board. */
export function GameBoard(props: GameBoardProps): JSX.Element {
  const { players, colors, away, me, link, knownPositions } = props;
  const svg = useRef<SVGSVGElement>(null);
  const self = useRef<Point>(
    knownPositions.get(me) ?? spawnPoint(me, players.findIndex((p) => p.id === me)),
  );
  const pointerTarget = useRef<Point | null>(null);
  const pointerDown = useRef(false);
  /** Whether this player has steered since the board appeared. */
  const steered = useRef(false);
  const keys = useRef(new Set<string>());
  const remotes = useRef(new Map<string, RemoteDot>());
  const playerIds = useRef(new Set<string>());
  const [, setFrame] = useState(0);

  playerIds.current = new Set(players.map((p) => p.id));
  for (const [index, player] of players.entries()) {
    if (player.id === me || remotes.current.has(player.id)) continue;
    const start = knownPositions.get(player.id) ?? spawnPoint(player.id, index);
    remotes.current.set(player.id, { shown: start, target: start });
  }
  for (const id of remotes.current.keys()) {
    if (!playerIds.current.has(id)) remotes.current.delete(id);
  }

  useEffect(() => {
    // The welcome may have come between this render and this effect; the map has it then.
    const known = knownPositions.get(me);
    if (known && !steered.current) self.current = clampToBoard(known);
    return link.onMessage((message) => {
      if (message.type === "welcome" && !steered.current) {
        // After a reload the server knows where this dot was; take that over the spawn point
        // before the spawn point is sent (this listener runs before the socket sends).
        const saved = message.positions.find((p) => p.id === me);
        if (saved) {
          self.current = clampToBoard(saved);
          link.sendPosition(self.current.x, self.current.y);
        }
      }
      const positions = message.type === "positions"
        ? message.players
        : message.type === "welcome"
        ? message.positions
        : [];
      for (const { id, x, y } of positions) {
        if (id === me || !playerIds.current.has(id)) continue;
        const target = clampToBoard({ x, y });
        const dot = remotes.current.get(id);
        if (dot) dot.target = target;
        else remotes.current.set(id, { shown: target, target });
      }
    });
  }, [link, me, knownPositions]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      if (!isMovementKey(key) || _isTyping(event.target) || event.metaKey || event.ctrlKey) return;
      event.preventDefault();
      steered.current = true;
      keys.current.add(key);
      pointerTarget.current = null;
    };
    const onKeyUp = (event: KeyboardEvent) => keys.current.delete(event.key.toLowerCase());
    const onBlur = () => keys.current.clear();
    addEventListener("keydown", onKeyDown);
    addEventListener("keyup", onKeyUp);
    addEventListener("blur", onBlur);
    return () => {
      removeEventListener("keydown", onKeyDown);
      removeEventListener("keyup", onKeyUp);
      removeEventListener("blur", onBlur);
    };
  }, []);

  useEffect(() => {
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(time: number) {
      // A hidden tab gets no frames; after it, one long step would teleport the dot.
      const dt = Math.min(0.1, Math.max(0, (time - last) / 1000));
      last = time;
      let changed = false;
      const before = self.current;
      const step = stepSelf(before, directionFromKeys(keys.current), pointerTarget.current, dt);
      self.current = step.position;
      pointerTarget.current = pointerDown.current ? pointerTarget.current : step.target;
      if (step.position.x !== before.x || step.position.y !== before.y) changed = true;
      for (const dot of remotes.current.values()) {
        if (dot.shown.x === dot.target.x && dot.shown.y === dot.target.y) continue;
        dot.shown = followStep(dot.shown, dot.target, dt);
        changed = true;
      }
      link.sendPosition(self.current.x, self.current.y);
      if (changed) setFrame((n) => n + 1);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [link]);

  const toBoard = (event: PointerEvent): Point | null => {
    const element = svg.current;
    const matrix = element?.getScreenCTM();
    if (!element || !matrix) return null;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return clampToBoard(point);
  };
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    svg.current?.setPointerCapture(event.pointerId);
    pointerDown.current = true;
    steered.current = true;
    pointerTarget.current = toBoard(event);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (pointerDown.current) pointerTarget.current = toBoard(event);
  };
  const onPointerUp = () => {
    pointerDown.current = false;
  };

  // Your own dot is drawn last so it is never hidden under another; away players go first.
  const rank = (id: string) => (id === me ? 2 : away.has(id) ? 0 : 1);
  const ordered = [...players].sort((a, b) => rank(a.id) - rank(b.id));
  const box = BOARD_SIZE + 2 * BOARD_MARGIN;
  return (
    <svg
      ref={svg}
      class="board"
      viewBox={`${-BOARD_MARGIN} ${-BOARD_MARGIN} ${box} ${box}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label="Game board. Move your dot with the arrow keys or WASD, or press where it should go."
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <defs>
        <pattern id="board-grid" width="100" height="100" patternUnits="userSpaceOnUse">
          <path d="M 100 0 L 0 0 0 100" class="board-grid-line" fill="none" />
        </pattern>
      </defs>
      <rect
        class="board-surface"
        x={-BOARD_MARGIN}
        y={-BOARD_MARGIN}
        width={box}
        height={box}
        rx="28"
      />
      <rect width={BOARD_SIZE} height={BOARD_SIZE} fill="url(#board-grid)" />
      <rect class="board-edge" width={BOARD_SIZE} height={BOARD_SIZE} rx="4" fill="none" />
      {ordered.map((player) => {
        const isMe = player.id === me;
        const position = isMe ? self.current : remotes.current.get(player.id)?.shown;
        return position && (
          <Dot
            key={player.id}
            player={player}
            color={colors.get(player.id) ?? "currentColor"}
            position={position}
            isMe={isMe}
            isAway={!isMe && away.has(player.id)}
          />
        );
      })}
    </svg>
  );
}

interface DotProps {
  player: PublicPlayer;
  color: string;
  position: Point;
  isMe: boolean;
  isAway: boolean;
}

function Dot({ player, color, position, isMe, isAway }: DotProps): JSX.Element {
  const x = Math.round(position.x * 10) / 10;
  const y = Math.round(position.y * 10) / 10;
  const label = isMe ? `${boardLabel(player.name)} (you)` : boardLabel(player.name);
  const text = useRef<SVGTextElement>(null);
  // Until the browser has measured the label, a generous guess keeps it on the board.
  const [labelWidth, setLabelWidth] = useState(label.length * _LABEL_SIZE * 0.62);
  useLayoutEffect(() => {
    const width = text.current?.getComputedTextLength();
    if (width !== undefined && width > 0) setLabelWidth(width);
  }, [label]);

  // The name sits above the dot, or below it near the top edge, and slides sideways just
  // enough to stay on the board, so it stays next to its own dot.
  const labelBelow = y < 90;
  const labelY = labelBelow ? 72 : -52;
  const statusY = labelBelow ? 106 : y > BOARD_SIZE - 40 ? -94 : 62;
  return (
    <g
      class={`dot${isMe ? " dot-me" : ""}${isAway ? " dot-away" : ""}`}
      data-player-id={player.id}
      data-me={isMe ? "true" : undefined}
      data-away={isAway ? "true" : undefined}
      data-x={Math.round(x)}
      data-y={Math.round(y)}
      transform={`translate(${x} ${y})`}
    >
      {isMe && <circle class="dot-halo" r="38" />}
      <circle class="dot-body" r={_DOT_RADIUS} fill={color} />
      {isAway && <circle class="dot-away-ring" r={_DOT_RADIUS + 4} />}
      <text
        ref={text}
        class="dot-name"
        x={_slide(x, labelWidth)}
        y={labelY}
        text-anchor="middle"
      >
        {boardLabel(player.name) !== player.name && <title>{player.name}</title>}
        {label}
      </text>
      {isAway && (
        <text
          class="dot-status"
          x={_slide(x, 14 * _STATUS_SIZE * 0.55)}
          y={statusY}
          text-anchor="middle"
        >
          reconnecting…
        </text>
      )}
    </g>
  );
}

/** How far to move a label of `width` centred on a dot at `x` so it stays on the board. */
function _slide(x: number, width: number): number {
  const low = -BOARD_MARGIN + 6;
  const high = BOARD_SIZE + BOARD_MARGIN - 6;
  const half = width / 2;
  if (x - half < low) return low - (x - half);
  if (x + half > high) return high - (x + half);
  return 0;
}

function _isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}
