import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { LIMITS } from "../lib/config.ts";
import { Connection } from "../lib/connection.ts";
import { Hub } from "../lib/hub.ts";
import type { LobbyRecord } from "../lib/lobby.ts";
import { LobbyCache } from "../lib/lobby_cache.ts";
import { type LobbyEvent, LobbyService, type Seat } from "../lib/lobby_service.ts";
import { KvLobbyStore } from "../lib/lobby_store.ts";
import { MessageRateLimiter } from "../lib/message_rate_limiter.ts";
import { CloseCode, CloseReason, type PublicLobby } from "../lib/protocol.ts";
import { eventually } from "./_client.ts";
import { CLOSED, FakeSocket } from "./_fake_socket.ts";

const GRACE_MS = 10_000;
const CACHE_TTL_MS = 5_000;

/** A connected player as the WebSocket endpoint wires one: a socket and the hub's connection. */
interface Client {
  socket: FakeSocket;
  conn: Connection;
  /** Plays the browser going away (tab closed, network lost). */
  drop(): void;
}

interface World {
  hub: Hub;
  service: LobbyService;
  store: KvLobbyStore;
  /** One fake clock for the hub, the cache and the service's wall clock. */
  clock: FakeClock;
  /** Authenticates `token` and attaches a new connection, as the endpoint does. */
  connect(code: string, token: string): Promise<Client>;
}

/** Runs `fn` with a hub over a real service on KV `:memory:`; stops and closes everything. */
async function withHub(fn: (world: World) => Promise<void>): Promise<void> {
  const clock = new FakeClock(Date.now());
  const store = await KvLobbyStore.open(":memory:", () => clock.now());
  const cache = new LobbyCache<LobbyRecord>({ ttlMs: CACHE_TTL_MS, maxEntries: 100, clock });
  const service = new LobbyService({ store, cache, clock, maxPlayers: 10 });
  const hub = new Hub({ service, clock, broadcastHz: 20, graceMs: GRACE_MS });
  const connect = async (code: string, token: string): Promise<Client> => {
    const seat = await service.authenticate(code, token);
    const { socket, conn } = attachSeat(hub, clock, code, seat);
    const drop = () => {
      socket.readyState = CLOSED;
      conn.markClosedByPeer(1001);
    };
    return { socket, conn, drop };
  };
  try {
    await fn({ hub, service, store, clock, connect });
  } finally {
    hub.stop();
    store.close();
  }
}

/** Attaches a socket for an already checked `seat` to `hub`, as the endpoint does after its check. */
function attachSeat(
  hub: Hub,
  clock: FakeClock,
  code: string,
  seat: { playerId: string; lobby: PublicLobby },
) {
  const socket = new FakeSocket();
  const conn: Connection = new Connection(socket, {
    code,
    playerId: seat.playerId,
    limiter: new MessageRateLimiter({ ratePerSecond: 60, clock }),
    traffic: hub.traffic,
    onEnd: () => hub.detach(conn),
  });
  hub.attach(conn, seat.lobby);
  return { socket, conn };
}

/** Records the removals the hub starts through `method`, so a test can await them. */
function recordRemovals(
  service: LobbyService,
  method: "removeIfPresent" | "removeIfUnclaimed",
): Promise<void>[] {
  const removals: Promise<void>[] = [];
  const remove = service[method].bind(service);
  service[method] = (code, playerId) => {
    const removal = remove(code, playerId);
    removals.push(removal);
    return removal;
  };
  return removals;
}

/** Resolves with the service's next event of `type`. */
function nextEvent<T extends LobbyEvent["type"]>(
  service: LobbyService,
  type: T,
): Promise<Extract<LobbyEvent, { type: T }>> {
  const { promise, resolve } = Promise.withResolvers<Extract<LobbyEvent, { type: T }>>();
  const unsubscribe = service.onEvent((event) => {
    if (event.type !== type) return;
    unsubscribe();
    resolve(event as Extract<LobbyEvent, { type: T }>);
  });
  return promise;
}

/**
 * Waits for the hub's first-connect writes (each seat is marked claimed in the store), so that
 * a test's next read finds the lobby in the cache rather than just invalidated.
 */
async function claimsSettled(service: LobbyService, code: string): Promise<void> {
  await eventually(
    async () => (await service.read(code))?.players.every((p) => p.claimed) ?? true,
    2000,
    "every seat claimed",
  );
}

/** A lobby with a host and `guests` more players, all connected; started unless told not to. */
async function lobbyWith(world: World, guests: number, options = { start: true }) {
  const host = await world.service.create("Host");
  const seats: Seat[] = [host];
  for (let i = 0; i < guests; i++) seats.push(await world.service.join(host.code, `Guest ${i}`));
  if (options.start) await world.service.start(host.code, host.token);
  const clients: Client[] = [];
  for (const seat of seats) clients.push(await world.connect(host.code, seat.token));
  await claimsSettled(world.service, host.code);
  for (const client of clients) client.socket.sent.length = 0; // forget the welcomes
  return { code: host.code, seats, clients };
}

Deno.test("Hub.attach() sends a welcome with the lobby and the known positions", () =>
  withHub(async (world) => {
    const { service, hub, connect } = world;
    const host = await service.create("Ada");
    const guest = await service.join(host.code, "Grace");
    const a = await connect(host.code, host.token);
    assert.deepEqual(a.socket.messages(), [{
      type: "welcome",
      playerId: host.playerId,
      lobby: await service.get(host.code),
      positions: [],
      away: [],
    }]);

    const started = await service.start(host.code, host.token);
    const b = await connect(host.code, guest.token);
    await hub.onPosition(b.conn, 10, 20);
    hub.tick();
    const again = await connect(host.code, host.token); // the host reloads the page
    assert.deepEqual(again.socket.messages(), [{
      type: "welcome",
      playerId: host.playerId,
      lobby: started,
      positions: [{ id: guest.playerId, x: 10, y: 20 }],
      away: [],
    }]);
  }));

Deno.test("Hub: a second connection of the same player replaces the first, closed with 4002", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { code, seats, clients: [first, other] } = await lobbyWith(world, 1);
    const second = await world.connect(code, seats[0]!.token);
    assert.deepEqual(first!.socket.closes, [{
      code: CloseCode.Replaced,
      reason: CloseReason.Replaced,
    }]);
    assert.equal(first!.socket.ofType("error").at(-1)?.code, "replaced", "said in-band first");
    assert.equal(first!.conn.isOpen, false);
    assert.equal(second.conn.isOpen, true);
    assert.equal(second.socket.ofType("welcome").length, 1);
    assert.equal(hub.pendingRemovals, 0, "a replaced connection does not start a grace period");
    assert.equal(hub.roomCount, 1);

    await hub.onPosition(first!.conn, 1, 1); // a late message on the old socket
    await hub.onPosition(other!.conn, 5, 5);
    hub.tick();
    assert.equal(first!.socket.ofType("positions").length, 0, "the replaced socket gets nothing");
    assert.deepEqual(second.socket.ofType("positions"), [{
      type: "positions",
      players: [{ id: seats[1]!.playerId, x: 5, y: 5 }],
    }]);
    assert.equal(hub.traffic.closesByCode().get(CloseCode.Replaced), 1);
  }));

Deno.test("Hub.tick() sends ONE frame per member with the latest position of each mover", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { seats, clients } = await lobbyWith(world, 3);
    const [a, b, c] = clients;
    await hub.onPosition(a!.conn, 1, 1);
    await hub.onPosition(b!.conn, 500, 600);
    await hub.onPosition(a!.conn, 2, 3); // latest wins
    await hub.onPosition(c!.conn, 7, 7);
    await hub.onPosition(c!.conn, 8, 9);
    hub.tick();

    const expected = new Map([
      [seats[0]!.playerId, { x: 2, y: 3 }],
      [seats[1]!.playerId, { x: 500, y: 600 }],
      [seats[2]!.playerId, { x: 8, y: 9 }],
    ]);
    for (const client of clients) {
      const frames = client.socket.ofType("positions");
      assert.equal(frames.length, 1, "one combined frame, not one per move");
      const players = frames[0]!.players;
      assert.equal(players.length, expected.size, "one entry per mover; the idle one is absent");
      for (const p of players) assert.deepEqual({ x: p.x, y: p.y }, expected.get(p.id), p.id);
    }
    assert.equal(hub.traffic.framesBroadcast, 1);
  }));

Deno.test("Hub: a position whose lobby check finishes late does not undo a newer one", () =>
  withHub(async (world) => {
    const { hub, service } = world;
    const { clients: [a, b] } = await lobbyWith(world, 1);
    // The real store answers in order; hold each read to finish them in the other order.
    const realRead = service.read.bind(service);
    service.peek = () => undefined; // every check misses the cache and goes to the store
    const gates: PromiseWithResolvers<void>[] = [];
    service.read = async (code) => {
      const gate = Promise.withResolvers<void>();
      gates.push(gate);
      await gate.promise;
      return realRead(code);
    };
    const older = hub.onPosition(a!.conn, 1, 1);
    const newer = hub.onPosition(a!.conn, 2, 2);
    assert.equal(gates.length, 2);
    gates[1]!.resolve();
    await newer;
    gates[0]!.resolve();
    await older;
    hub.tick();
    assert.deepEqual(b!.socket.ofType("positions")[0]?.players.map((p) => p.x), [2]);
  }));

Deno.test("Hub: a position on a cached lobby applies before onPosition() returns", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { clients: [a, b] } = await lobbyWith(world, 1);
    await hub.onPosition(a!.conn, 0, 0); // loads the lobby into the cache if it was not there
    assert.equal(hub.onPosition(a!.conn, 7, 8), undefined);
    hub.tick();
    assert.deepEqual(b!.socket.ofType("positions").at(-1)?.players.map((p) => p.x), [7]);
  }));

Deno.test("Hub.tick() sends nothing when nobody moved", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { clients } = await lobbyWith(world, 2);
    hub.tick();
    for (const client of clients) assert.deepEqual(client.socket.sent, []);
    await hub.onPosition(clients[0]!.conn, 3, 3);
    hub.tick();
    hub.tick();
    hub.tick();
    for (const client of clients) {
      assert.equal(client.socket.ofType("positions").length, 1, "a move goes out once");
    }
    assert.equal(hub.traffic.framesBroadcast, 1);
  }));

Deno.test("Hub.tick() skips a member over the soft buffer limit and counts the dropped frame", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { clients: [slow, fast] } = await lobbyWith(world, 1);
    slow!.socket.bufferedAmount = LIMITS.softBufferedBytes + 1;
    await hub.onPosition(fast!.conn, 4, 4);
    hub.tick();
    assert.equal(slow!.socket.ofType("positions").length, 0);
    assert.equal(fast!.socket.ofType("positions").length, 1);
    assert.equal(hub.traffic.framesDropped, 1);
    assert.deepEqual(slow!.socket.closes, [], "merely behind: still connected");

    slow!.socket.bufferedAmount = 0;
    await hub.onPosition(fast!.conn, 6, 6);
    hub.tick();
    assert.deepEqual(
      slow!.socket.ofType("positions")[0]?.players[0]?.x,
      6,
      "catches up with the latest",
    );
  }));

Deno.test("Hub.tick() closes a member over the hard buffer limit with 4008", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { seats, clients: [stalled, fine] } = await lobbyWith(world, 1);
    stalled!.socket.bufferedAmount = LIMITS.hardBufferedBytes + 1;
    await hub.onPosition(fine!.conn, 4, 4);
    hub.tick();
    assert.deepEqual(stalled!.socket.closes, [{
      code: CloseCode.SlowConsumer,
      reason: CloseReason.SlowConsumer,
    }]);
    assert.equal(stalled!.socket.ofType("positions").length, 0);
    assert.equal(fine!.socket.ofType("positions").length, 1);
    assert.equal(hub.traffic.closesByCode().get(CloseCode.SlowConsumer), 1);
    assert.equal(hub.pendingRemovals, 1, "the stalled player may still come back in time");
    const again = await world.connect(stalled!.conn.code, seats[0]!.token);
    assert.equal(hub.pendingRemovals, 0);
    assert.equal(again.socket.ofType("welcome").length, 1);
  }));

Deno.test("Hub ignores positions while the lobby is waiting", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { clients: [a, b] } = await lobbyWith(world, 1, { start: false });
    await hub.onPosition(a!.conn, 1, 1);
    hub.tick();
    assert.deepEqual(a!.socket.sent, []);
    assert.deepEqual(b!.socket.sent, []);
    assert.equal(hub.traffic.framesBroadcast, 0);
  }));

Deno.test("Hub ignores positions from a player who is no longer in the lobby", () =>
  withHub(async (world) => {
    const { hub, store, clock } = world;
    const { code, seats, clients: [host, gone] } = await lobbyWith(world, 1);
    // Another server instance removes the guest; this hub hears no event about it, so the
    // guest's socket stays open, and only the lobby (once the cache catches up) says no.
    const elsewhere = new LobbyService({
      store,
      cache: new LobbyCache<LobbyRecord>({ ttlMs: CACHE_TTL_MS, maxEntries: 10, clock }),
      clock,
      maxPlayers: 10,
    });
    await elsewhere.leave(code, seats[1]!.token);
    clock.advance(CACHE_TTL_MS);
    assert.equal(gone!.conn.isOpen, true);
    await hub.onPosition(gone!.conn, 9, 9);
    hub.tick();
    assert.equal(host!.socket.ofType("positions").length, 0);
    await hub.onPosition(host!.conn, 1, 1);
    hub.tick();
    assert.deepEqual(host!.socket.ofType("positions")[0]?.players.map((p) => p.id), [
      seats[0]!.playerId,
    ]);
  }));

Deno.test("Hub removes a disconnected player after the grace period; the others get player_left", () =>
  withHub(async (world) => {
    const { hub, clock, service } = world;
    const { code, seats, clients: [host, guest] } = await lobbyWith(world, 1);
    hub.tick();
    guest!.drop();
    assert.equal(hub.pendingRemovals, 1);

    clock.advance(GRACE_MS - 1);
    hub.tick();
    assert.equal(hub.pendingRemovals, 1, "not yet");
    assert.equal((await service.get(code)).players.length, 2, "the seat is kept meanwhile");

    const left = nextEvent(service, "player_left");
    clock.advance(1_000);
    hub.tick();
    const event = await left;
    assert.equal(event.playerId, seats[1]!.playerId);
    assert.equal(hub.pendingRemovals, 0);
    assert.deepEqual((await service.get(code)).players.map((p) => p.id), [seats[0]!.playerId]);
    assert.deepEqual(host!.socket.ofType("player_left"), [{
      type: "player_left",
      playerId: seats[1]!.playerId,
      lobby: event.lobby,
    }]);
    assert.equal(guest!.socket.ofType("player_left").length, 0);
  }));

Deno.test("Hub gives up a seat whose socket never arrives, passing the host role on", () =>
  withHub(async (world) => {
    const { hub, clock, service } = world;
    // The host's socket was refused (say, servers full) and never came; the guest is playing.
    const host = await service.create("Host");
    const guestSeat = await service.join(host.code, "Guest");
    const guest = await world.connect(host.code, guestSeat.token);
    assert.deepEqual(guest.socket.ofType("welcome")[0]?.away, [], "not shown away: never here");
    assert.equal(hub.pendingRemovals, 0, "nobody is in a grace period");

    // The wait is the longer of the grace period (10 s here) and LIMITS.seatClaimMs.
    assert.ok(LIMITS.seatClaimMs > GRACE_MS);
    clock.advance(LIMITS.seatClaimMs - 1);
    hub.tick();
    assert.equal((await service.get(host.code)).players.length, 2, "not yet");

    const left = nextEvent(service, "player_left");
    clock.advance(250); // the hub looks for due removals four times a second
    hub.tick();
    assert.equal((await left).playerId, host.playerId);
    const lobby = await service.get(host.code);
    assert.deepEqual(lobby.players.map((p) => p.id), [guestSeat.playerId]);
    assert.equal(lobby.hostId, guestSeat.playerId, "the host role passed to the one who is here");
    assert.equal(guest.socket.ofType("player_left").at(-1)?.playerId, host.playerId);
  }));

Deno.test("Hub after a restart: players who do not come back are away, then given up", () =>
  withHub(async (world) => {
    const { hub: before, clock, service } = world;
    const { code, seats } = await lobbyWith(world, 2, { start: false });
    before.stop(); // the process goes; its sockets and timers with it
    const after = new Hub({
      service,
      clock,
      broadcastHz: 20,
      graceMs: GRACE_MS,
      soleProcess: true,
    });
    try {
      // Only the second guest comes back.
      const seat = await service.authenticate(code, seats[2]!.token);
      const { socket } = attachSeat(after, clock, code, seat);
      const away = socket.ofType("welcome")[0]?.away ?? [];
      assert.deepEqual([...away].sort(), [seats[0]!.playerId, seats[1]!.playerId].sort());

      const removals = recordRemovals(service, "removeIfPresent");
      clock.advance(LIMITS.seatClaimMs - 1);
      after.tick();
      assert.equal(removals.length, 0, "not yet");
      clock.advance(250);
      after.tick();
      await Promise.all(removals);
      const lobby = await service.get(code);
      assert.deepEqual(lobby.players.map((p) => p.id), [seat.playerId]);
      assert.equal(lobby.hostId, seat.playerId, "the one who came back can start the game");
    } finally {
      after.stop();
    }
  }));

Deno.test("Hub sharing its store with other instances takes nobody's absence for a restart", () =>
  withHub(async (world) => {
    const { hub: before, clock, service } = world;
    const { code, seats } = await lobbyWith(world, 1, { start: false });
    before.stop();
    const after = new Hub({ service, clock, broadcastHz: 20, graceMs: GRACE_MS });
    try {
      const seat = await service.authenticate(code, seats[1]!.token);
      const { socket } = attachSeat(after, clock, code, seat);
      assert.deepEqual(socket.ofType("welcome")[0]?.away, []);
      assert.equal(after.pendingRemovals, 0);
    } finally {
      after.stop();
    }
  }));

Deno.test("Hub keeps the seat of a player turned away as full while they keep trying", () =>
  withHub(async (world) => {
    const { hub, clock, service } = world;
    const host = await service.create("Host");
    await world.connect(host.code, host.token);
    const guest = await service.join(host.code, "Guest");
    const removals = recordRemovals(service, "removeIfUnclaimed");
    // Refused at 29 s, told to come back within 50: the seat is kept that long from the refusal.
    clock.advance(LIMITS.seatClaimMs - 1_000);
    hub.seatWaiting(host.code, guest.playerId, 50_000);
    clock.advance(49_000);
    hub.tick();
    assert.equal(removals.length, 0, "kept past the first deadline");
    clock.advance(1_000);
    hub.tick();
    await Promise.all(removals);
    assert.deepEqual((await service.get(host.code)).players.map((p) => p.id), [host.playerId]);
  }));

Deno.test("Hub keeps an unconnected seat that a socket on another process claimed", () =>
  withHub(async (world) => {
    const { hub, clock, service } = world;
    const host = await service.create("Host");
    const guest = await service.join(host.code, "Guest");
    // Another instance accepted the guest's socket: it marked the seat in the shared store.
    await service.claim(host.code, guest.playerId);
    const removals = recordRemovals(service, "removeIfUnclaimed");
    clock.advance(LIMITS.seatClaimMs * 2);
    hub.tick();
    assert.equal(removals.length, 2, "both seats were looked at");
    await Promise.all(removals);
    const players = (await service.get(host.code)).players.map((p) => p.id);
    assert.deepEqual(players, [guest.playerId], "the host, never connected, went; the guest stays");
  }));

Deno.test("Hub keeps a new seat whose socket arrives, and says nothing about it", () =>
  withHub(async (world) => {
    const { hub, clock, service } = world;
    const host = await service.create("Host");
    const hostClient = await world.connect(host.code, host.token);
    const guestSeat = await service.join(host.code, "Guest");
    clock.advance(GRACE_MS - 1);
    await world.connect(host.code, guestSeat.token);
    clock.advance(GRACE_MS * 3);
    hub.tick();
    assert.equal((await service.get(host.code)).players.length, 2);
    assert.deepEqual(hostClient.socket.ofType("player_back"), [], "it was never away");
    assert.deepEqual(hostClient.socket.ofType("player_left"), []);
  }));

Deno.test("Hub closes a socket attached just after its player left (the leave raced the connect)", () =>
  withHub(async (world) => {
    const { hub, clock, service } = world;
    const host = await service.create("Host");
    const hostClient = await world.connect(host.code, host.token);
    const guestSeat = await service.join(host.code, "Guest");
    // The endpoint checked the token, then the leave landed before it attached the socket.
    const checked = await service.authenticate(host.code, guestSeat.token);
    await service.leave(host.code, guestSeat.token);
    const { socket } = attachSeat(hub, clock, host.code, checked);
    await service.read(host.code); // the hub's own look is answered by now
    assert.deepEqual(socket.closes, [{ code: 1000, reason: "left" }]);
    assert.equal(hub.pendingRemovals, 0, "no seat to hold for a player who left");
    assert.deepEqual(hostClient.socket.ofType("player_away"), []);
  }));

Deno.test("Hub keeps the seat of a player who reconnects within the grace period", () =>
  withHub(async (world) => {
    const { hub, clock, service } = world;
    const { code, seats, clients: [host, guest] } = await lobbyWith(world, 1);
    const events: string[] = [];
    service.onEvent((e) => events.push(e.type));
    guest!.drop();
    clock.advance(GRACE_MS - 1);
    hub.tick();
    const back = await world.connect(code, seats[1]!.token);
    assert.equal(hub.pendingRemovals, 0);
    assert.equal(back.socket.ofType("welcome").length, 1);

    clock.advance(GRACE_MS * 3);
    hub.tick();
    hub.tick();
    assert.deepEqual(
      (await service.get(code)).players.map((p) => p.id),
      seats.map((s) => s.playerId),
    );
    assert.deepEqual(events, []);
    assert.equal(host!.socket.ofType("player_left").length, 0);
    await hub.onPosition(back.conn, 2, 2);
    hub.tick();
    assert.equal(host!.socket.ofType("positions").length, 1, "the reconnected player plays on");
  }));

Deno.test("Hub tells the others when a player drops (player_away) and comes back (player_back)", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { code, seats, clients: [host, guest, third] } = await lobbyWith(world, 2);
    guest!.drop();
    assert.deepEqual(host!.socket.ofType("player_away"), [
      { type: "player_away", playerId: seats[1]!.playerId },
    ]);
    assert.equal(third!.socket.ofType("player_away").length, 1);
    third!.drop();
    const returning = await world.connect(code, seats[1]!.token);
    assert.deepEqual(returning.socket.ofType("welcome")[0]!.away, [seats[2]!.playerId]);
    assert.deepEqual(host!.socket.ofType("player_back"), [
      { type: "player_back", playerId: seats[1]!.playerId },
    ]);
    assert.equal(hub.pendingRemovals, 1);
  }));

Deno.test("Hub turns lobby events into player_joined and game_started messages", () =>
  withHub(async (world) => {
    const { hub, service, connect } = world;
    const host = await service.create("Ada");
    const a = await connect(host.code, host.token);
    assert.equal(hub.activeSessions, 0);
    const guest = await service.join(host.code, "Grace");
    assert.deepEqual(a.socket.ofType("player_joined"), [{
      type: "player_joined",
      player: { id: guest.playerId, name: "Grace" },
      lobby: guest.lobby,
    }]);
    const started = await service.start(host.code, host.token);
    assert.deepEqual(a.socket.ofType("game_started"), [{ type: "game_started", lobby: started }]);
    assert.equal(hub.activeSessions, 1);
  }));

Deno.test("Hub closes the socket of a player who leaves over HTTP and tells the others", () =>
  withHub(async (world) => {
    const { hub, service } = world;
    const { code, seats, clients: [host, guest] } = await lobbyWith(world, 1);
    await service.leave(code, seats[1]!.token);
    assert.deepEqual(guest!.socket.closes, [{ code: CloseCode.Normal, reason: CloseReason.Left }]);
    assert.deepEqual(host!.socket.ofType("player_left").map((m) => m.playerId), [
      seats[1]!.playerId,
    ]);
    assert.equal(hub.pendingRemovals, 0, "a player who left has no seat to hold");
    assert.deepEqual(host!.socket.ofType("player_away"), [], "gone, not away");
  }));

Deno.test("Hub.closeAll() says why in-band, then closes every connection with the code given", () =>
  withHub(async (world) => {
    const { hub } = world;
    const { clients } = await lobbyWith(world, 2);
    hub.closeAll(CloseCode.ServerShutdown, CloseReason.ServerShutdown, "Restarting.");
    for (const client of clients) {
      assert.deepEqual(client.socket.ofType("error").at(-1), {
        type: "error",
        code: "server_shutdown",
        message: "Restarting.",
      });
      assert.deepEqual(client.socket.closes, [{ code: 1001, reason: "server_shutdown" }]);
      // The first to close must not be reported away to the others still being closed.
      assert.deepEqual(client.socket.ofType("player_away"), []);
    }
  }));
