/**
 * A bare relay for comparison in the benchmarks: the server's protocol shape with none of its
 * checks. `Deno.serve` plus `Deno.upgradeWebSocket`; the lobby API answers just enough for the
 * load tester (create, join and start always succeed; the token is the player id); on a
 * `position` message it stores the latest one; a tick at `BROADCAST_HZ` sends each lobby one
 * combined `positions` frame. No store, cache, auth, limits, size checks, validation beyond
 * `JSON.parse`, backpressure or metrics: what the server costs above this is the price of those.
 *
 * Not for production. Run: `PORT=8001 BROADCAST_HZ=20 deno run -A tools/bare_relay.ts`.
 */

interface _Position {
  id: string;
  x: number;
  y: number;
}

interface _Room {
  members: Map<string, WebSocket>;
  positions: Map<string, _Position>;
  moved: Set<string>;
}

const port = Number(Deno.env.get("PORT") ?? "8001");
const broadcastHz = Number(Deno.env.get("BROADCAST_HZ") ?? "20");
const rooms = new Map<string, _Room>();
let nextId = 0;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function room(code: string): _Room {
  let found = rooms.get(code);
  if (!found) {
    found = { members: new Map(), positions: new Map(), moved: new Set() };
    rooms.set(code, found);
  }
  return found;
}

function seat() {
  const playerId = `p${(nextId++).toString(36).padStart(11, "0")}`;
  return { playerId, token: playerId };
}

function acceptSocket(request: Request, code: string, playerId: string): Response {
  const { socket, response } = Deno.upgradeWebSocket(request);
  const lobby = room(code);
  socket.onopen = () => {
    lobby.members.set(playerId, socket);
    socket.send(JSON.stringify({ type: "welcome", playerId }));
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type !== "position") return;
    const position = lobby.positions.get(playerId);
    if (position) {
      position.x = message.x;
      position.y = message.y;
    } else {
      lobby.positions.set(playerId, { id: playerId, x: message.x, y: message.y });
    }
    lobby.moved.add(playerId);
  };
  socket.onclose = () => {
    if (lobby.members.get(playerId) === socket) lobby.members.delete(playerId);
    if (lobby.members.size === 0) rooms.delete(code);
  };
  socket.onerror = () => {};
  return response;
}

const server = Deno.serve({ port, hostname: "127.0.0.1", onListen: () => {} }, async (request) => {
  const url = new URL(request.url);
  const parts = url.pathname.split("/");
  if (url.pathname === "/health") return json({ status: "healthy" });
  if (parts[1] === "ws" && parts[2]) {
    return acceptSocket(request, parts[2], url.searchParams.get("token") ?? "");
  }
  if (request.method !== "POST" || parts[1] !== "api" || parts[2] !== "lobbies") {
    return json({ error: { code: "not_found" } }, 404);
  }
  await request.body?.cancel();
  if (parts.length === 3) {
    const code = (nextId++).toString(36).toUpperCase().padStart(6, "0");
    return json({ code, ...seat() }, 201);
  }
  if (parts[4] === "join") return json(seat());
  return json({ lobby: { code: parts[3], status: "playing" } });
});

const tick = setInterval(() => {
  for (const lobby of rooms.values()) {
    if (lobby.moved.size === 0) continue;
    const players: _Position[] = [];
    for (const id of lobby.moved) players.push(lobby.positions.get(id)!);
    lobby.moved.clear();
    const text = JSON.stringify({ type: "positions", players });
    // The one check kept: Deno throws on a send to a socket that is already closing.
    for (const socket of lobby.members.values()) if (socket.readyState === 1) socket.send(text);
  }
}, 1000 / broadcastHz);

Deno.addSignalListener("SIGINT", async () => {
  clearInterval(tick);
  for (const lobby of rooms.values()) {
    for (const socket of lobby.members.values()) socket.close(1001);
  }
  await server.shutdown();
  Deno.exit(0);
});
