/**
 * The endpoint's socket lifecycle on a fake socket, for the orders of events a real network
 * cannot be made to produce on demand: `error` before `close`, `close` twice, a close while the
 * store is still checking the token. Everything else is real: the service on KV `:memory:`, the
 * hub and the connection registry.
 */
import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { ConnectionRegistry } from "../lib/connection_registry.ts";
import { Hub } from "../lib/hub.ts";
import type { LobbyRecord } from "../lib/lobby.ts";
import { LobbyCache } from "../lib/lobby_cache.ts";
import { LobbyService } from "../lib/lobby_service.ts";
import { KvLobbyStore } from "../lib/lobby_store.ts";
import {
  type EndpointSocket,
  type GameSocketDeps,
  RETRY_AFTER_MS,
  runGameSocket,
} from "../lib/ws_endpoint.ts";
import { BACKOFF_DEFAULTS } from "../lib/backoff.ts";
import { eventually } from "./_client.ts";
import { CLOSED, FakeSocket } from "./_fake_socket.ts";

/** A fake server socket whose events the test fires by hand. */
class FakeEndpointSocket extends FakeSocket implements EndpointSocket {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  fireOpen(): void {
    this.onopen?.(new Event("open"));
  }
  fireError(): void {
    this.readyState = CLOSED;
    this.onerror?.(new Event("error"));
  }
  fireClose(code: number): void {
    this.readyState = CLOSED;
    this.onclose?.(new CloseEvent("close", { code }));
  }
}

async function withEndpoint(
  fn: (world: {
    deps: GameSocketDeps;
    registry: ConnectionRegistry;
    hub: Hub;
    seat: { code: string; token: string; playerId: string };
    run(socket: FakeEndpointSocket, token?: string): void;
  }) => Promise<void>,
): Promise<void> {
  const clock = new FakeClock(Date.now());
  const store = await KvLobbyStore.open(":memory:", () => clock.now());
  const cache = new LobbyCache<LobbyRecord>({ ttlMs: 5000, maxEntries: 100, clock });
  const service = new LobbyService({ store, cache, clock, maxPlayers: 10 });
  // No grace period: a socket that ends takes its player out at once, so nothing lingers.
  const hub = new Hub({ service, clock, broadcastHz: 20, graceMs: 0 });
  const registry = new ConnectionRegistry({ maxConnections: 10, maxPerLobby: 10 });
  const deps: GameSocketDeps = {
    registry,
    service,
    hub,
    clock,
    messagesPerSecond: 60,
    idleTimeoutSeconds: 30,
    closeHandshakeMs: 5000,
    isShuttingDown: () => false,
  };
  const seat = await service.create("Ada");
  const run = (socket: FakeEndpointSocket, token = seat.token) =>
    runGameSocket(socket, seat.code, token, deps, () => () => {});
  try {
    await fn({ deps, registry, hub, seat, run });
  } finally {
    hub.stop();
    store.close();
  }
}

Deno.test("runGameSocket() cleans up once when error comes before close, and close twice", () =>
  withEndpoint(async ({ registry, hub, run }) => {
    const socket = new FakeEndpointSocket();
    run(socket);
    assert.equal(hub.traffic.openSockets, 1);
    assert.equal(registry.total, 1, "the slot is reserved before any await");
    socket.fireOpen();
    await eventually(() => socket.ofType("welcome").length === 1, 2000, "the welcome");
    assert.equal(hub.roomCount, 1);

    socket.fireError();
    socket.fireClose(1006);
    socket.fireClose(1006);
    assert.equal(registry.total, 0);
    assert.equal(hub.traffic.openSockets, 0, "counted down once, not three times");
    assert.equal(hub.roomCount, 0);
    assert.deepEqual([...hub.traffic.closesByCode()], [[1006, 1]]);
  }));

Deno.test("runGameSocket() releases the slot of a socket that closes while its token is checked", () =>
  withEndpoint(async ({ deps, registry, hub, seat }) => {
    // The token check waits until the test lets it answer, after the socket is gone.
    const gate = Promise.withResolvers<void>();
    let answered: Promise<unknown> = Promise.resolve();
    const service = Object.create(deps.service) as typeof deps.service;
    service.authenticate = (code, token) => {
      const answer = gate.promise.then(() => deps.service.authenticate(code, token));
      answered = answer;
      return answer;
    };
    const socket = new FakeEndpointSocket();
    runGameSocket(socket, seat.code, seat.token, { ...deps, service }, () => () => {});
    socket.fireOpen(); // admission now waits for the store
    socket.fireClose(1001);
    assert.equal(registry.total, 0);
    gate.resolve();
    await answered;
    await Promise.resolve(); // the endpoint's continuation after its await
    // The late answer must not attach a socket that is gone.
    assert.equal(hub.roomCount, 0);
    assert.equal(registry.total, 0);
    assert.deepEqual(socket.sent, []);
    assert.equal(hub.traffic.openSockets, 0);
  }));

Deno.test("runGameSocket() rejects a bad token after open, then cleans up once on close", () =>
  withEndpoint(async ({ registry, hub, run }) => {
    const socket = new FakeEndpointSocket();
    run(socket, "not-a-token");
    socket.fireOpen();
    await eventually(() => socket.closes.length === 1, 2000, "the rejection");
    assert.deepEqual(socket.closes, [{ code: 4001, reason: "unauthorized" }]);
    assert.equal(socket.ofType("error")[0]?.code, "unauthorized", "the reason came in-band first");
    assert.equal(registry.total, 0);
    socket.fireClose(4001);
    socket.fireError();
    assert.equal(hub.traffic.openSockets, 0);
    assert.equal(hub.roomCount, 0);
  }));

Deno.test("runGameSocket() tells the hub a refused seat's player will be back", () =>
  withEndpoint(async ({ deps, hub, seat }) => {
    const waiting: string[] = [];
    const holds: number[] = [];
    hub.seatWaiting = (_code, playerId, ms) => {
      waiting.push(playerId);
      holds.push(ms);
    };
    const full = new ConnectionRegistry({ maxConnections: 1, maxPerLobby: 10 });
    assert.ok(full.reserve("OTHERS", "someone").ok);
    const socket = new FakeEndpointSocket();
    runGameSocket(socket, seat.code, seat.token, { ...deps, registry: full }, () => () => {});
    socket.fireOpen();
    assert.deepEqual(socket.closes, [{ code: 4003, reason: "server_full" }]);
    await eventually(() => waiting.length === 1, 2000, "the hub to hear of the refused seat");
    assert.deepEqual(waiting, [seat.playerId]);
    // Longer than the client may wait before its next try: retryAfterMs plus a backoff window.
    assert.ok(
      holds[0]! > RETRY_AFTER_MS.server_full + BACKOFF_DEFAULTS.maxMs,
      `held ${holds[0]} ms`,
    );
  }));
