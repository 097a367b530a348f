import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { LIMITS } from "../lib/config.ts";
import { AppError } from "../lib/errors.ts";
import type { LobbyRecord } from "../lib/lobby.ts";
import { LobbyCache } from "../lib/lobby_cache.ts";
import { type LobbyEvent, LobbyService } from "../lib/lobby_service.ts";
import { KvLobbyStore } from "../lib/lobby_store.ts";

interface Setup {
  service: LobbyService;
  store: KvLobbyStore;
  /** The service's wall clock. */
  clock: FakeClock;
  /** The cache's own clock; it only moves when a test moves it. */
  cacheClock: FakeClock;
  events: LobbyEvent[];
}

/** Runs `fn` against a service on a fresh in-memory store, closing the store afterwards. */
async function withService(
  fn: (setup: Setup) => Promise<void>,
  options: { maxPlayers?: number; generateCode?: () => string } = {},
): Promise<void> {
  const clock = new FakeClock(Date.now());
  const cacheClock = new FakeClock();
  const store = await KvLobbyStore.open(":memory:", () => clock.now());
  try {
    const cache = new LobbyCache<LobbyRecord>({ ttlMs: 5_000, maxEntries: 100, clock: cacheClock });
    const service = new LobbyService({
      store,
      cache,
      clock,
      maxPlayers: options.maxPlayers ?? 10,
      generateCode: options.generateCode,
    });
    const events: LobbyEvent[] = [];
    service.onEvent((event) => events.push(event));
    await fn({ service, store, clock, cacheClock, events });
  } finally {
    store.close();
  }
}

/** Asserts `promise` rejects with an AppError of `status` and `code`. */
async function assertRejectsWith(promise: Promise<unknown>, status: number, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${error}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.code, code);
    return true;
  });
}

/** A code generator that hands out `codes` in order. */
function codes(...list: string[]): () => string {
  let i = 0;
  return () => list[Math.min(i++, list.length - 1)]!;
}

Deno.test("LobbyService.create() makes a lobby that get() returns, with its host seated", () =>
  withService(async ({ service, clock }) => {
    const created = await service.create("  Ada ");
    assert.match(created.code, /^[2-9A-HJKMNP-Z]{6}$/);
    assert.equal(created.lobby.hostId, created.playerId);
    assert.deepEqual(created.lobby.players, [{ id: created.playerId, name: "Ada" }]);
    assert.equal(created.lobby.status, "waiting");
    assert.equal(created.lobby.maxPlayers, 10);
    assert.equal(created.lobby.createdAt, clock.now());
    assert.ok(created.token.startsWith(`${created.playerId}.`));
    assert.deepEqual(await service.get(created.code), created.lobby);
  }));

Deno.test("LobbyService.create() refuses an invalid name without storing anything", () =>
  withService(async ({ service, store }) => {
    await assertRejectsWith(service.create("   "), 400, "invalid_name");
    await assertRejectsWith(service.create("x".repeat(33)), 400, "invalid_name");
    assert.equal(await store.get("AAAAAA"), null);
  }, { generateCode: codes("AAAAAA") }));

Deno.test("LobbyService.create() draws another code when one is taken, and gives up with 503", () =>
  withService(async ({ service }) => {
    const first = await service.create("Ada");
    const second = await service.create("Bob");
    assert.equal(first.code, "AAAAAA");
    assert.equal(second.code, "BBBBBB", "AAAAAA was taken, so the next code was drawn");
    assert.equal((await service.get("AAAAAA")).hostId, first.playerId, "the first is untouched");
    await assertRejectsWith(service.create("Cy"), 503, "server_busy");
  }, { generateCode: codes("AAAAAA", "AAAAAA", "BBBBBB", "AAAAAA", "BBBBBB") }));

Deno.test("LobbyService.get() of an unknown code is 404 lobby_not_found", () =>
  withService(async ({ service }) => {
    await assertRejectsWith(service.get("ZZZZZZ"), 404, "lobby_not_found");
  }));

Deno.test("LobbyService.create() invalidates a cached 'no such lobby' for its code", () =>
  withService(async ({ service, cacheClock }) => {
    await assertRejectsWith(service.get("AAAAAA"), 404, "lobby_not_found");
    // The negative answer is now cached, and the cache's clock does not move.
    assert.equal(cacheClock.now(), 0);
    const created = await service.create("Ada");
    assert.equal(created.code, "AAAAAA");
    assert.equal((await service.get("AAAAAA")).hostId, created.playerId);
  }, { generateCode: codes("AAAAAA") }));

Deno.test("LobbyService.join() seats a player and returns a working token", () =>
  withService(async ({ service }) => {
    const host = await service.create("Ada");
    const guest = await service.join(host.code, "Grace");
    assert.notEqual(guest.playerId, host.playerId);
    assert.deepEqual(guest.lobby.players, [
      { id: host.playerId, name: "Ada" },
      { id: guest.playerId, name: "Grace" },
    ]);
    assert.deepEqual(await service.get(host.code), guest.lobby, "the cache was invalidated");
    const seat = await service.authenticate(host.code, guest.token);
    assert.equal(seat.playerId, guest.playerId);
  }));

Deno.test("LobbyService.join() answers 404, 409 lobby_full and 409 game_started", async (t) => {
  await t.step("unknown code", () =>
    withService(async ({ service }) => {
      await assertRejectsWith(service.join("ZZZZZZ", "Grace"), 404, "lobby_not_found");
    }));
  await t.step("full lobby", () =>
    withService(async ({ service }) => {
      const host = await service.create("Ada");
      await service.join(host.code, "Bob");
      await assertRejectsWith(service.join(host.code, "Cy"), 409, "lobby_full");
      assert.equal((await service.get(host.code)).players.length, 2);
    }, { maxPlayers: 2 }));
  await t.step("started game", () =>
    withService(async ({ service }) => {
      const host = await service.create("Ada");
      await service.start(host.code, host.token);
      await assertRejectsWith(service.join(host.code, "Cy"), 409, "game_started");
      assert.equal((await service.get(host.code)).players.length, 1);
    }));
  await t.step("invalid name", () =>
    withService(async ({ service }) => {
      const host = await service.create("Ada");
      await assertRejectsWith(service.join(host.code, "a\u0000b"), 400, "invalid_name");
      assert.equal((await service.get(host.code)).players.length, 1);
    }));
});

Deno.test("LobbyService.join() never seats more than maxPlayers under 20 simultaneous joins", () =>
  withService(async ({ service, store }) => {
    const host = await service.create("Host");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => service.join(host.code, `Guest ${i}`)),
    );
    const admitted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    assert.equal(admitted.length, 9, "the host holds the tenth seat");
    for (const r of refused) {
      assert.ok(r.reason instanceof AppError, String(r.reason));
      assert.equal(r.reason.code, "lobby_full");
    }

    const stored = (await store.get(host.code))!.record;
    const ids = stored.players.map((p) => p.id);
    assert.equal(ids.length, 10);
    assert.equal(new Set(ids).size, 10, "no player is seated twice");
    const seated = new Set(ids);
    assert.ok(seated.has(host.playerId));
    for (const r of admitted) assert.ok(seated.has(r.value.playerId), "no admitted player is lost");
    assert.deepEqual((await service.get(host.code)).players.map((p) => p.id), ids);
  }));

Deno.test("LobbyService.leave() by the host passes the host role on", () =>
  withService(async ({ service, events }) => {
    const host = await service.create("Ada");
    const guest = await service.join(host.code, "Grace");
    await service.leave(host.code, host.token);
    const lobby = await service.get(host.code);
    assert.equal(lobby.hostId, guest.playerId);
    assert.deepEqual(lobby.players, [{ id: guest.playerId, name: "Grace" }]);
    assert.deepEqual(events.at(-1), {
      type: "player_left",
      code: host.code,
      playerId: host.playerId,
      lobby,
    });
    await assertRejectsWith(service.authenticate(host.code, host.token), 401, "unauthorized");
  }));

Deno.test("LobbyService.leave() of the last player deletes the lobby", () =>
  withService(async ({ service, store, events }) => {
    const host = await service.create("Ada");
    await service.get(host.code); // cached
    await service.leave(host.code, host.token);
    await assertRejectsWith(service.get(host.code), 404, "lobby_not_found");
    assert.equal(await store.get(host.code), null);
    assert.deepEqual(events.at(-1), {
      type: "player_left",
      code: host.code,
      playerId: host.playerId,
      lobby: null,
    });
  }));

Deno.test("LobbyService.leave() with a bad token is 401 and changes nothing", async (t) => {
  for (const kind of ["garbage", "another lobby's token", "tampered"] as const) {
    await t.step(kind, () =>
      withService(async ({ service, store, events }) => {
        const host = await service.create("Ada");
        const other = await service.create("Eve");
        const token = kind === "garbage"
          ? "not-a-token"
          : kind === "another lobby's token"
          ? other.token
          : `${host.token.slice(0, -1)}${host.token.endsWith("A") ? "B" : "A"}`;
        const before = await store.get(host.code);
        const eventCount = events.length;
        await assertRejectsWith(service.leave(host.code, token), 401, "unauthorized");
        assert.deepEqual(await store.get(host.code), before);
        assert.equal(events.length, eventCount, "no event");
      }));
  }
});

Deno.test("LobbyService.start() by the host starts the game", () =>
  withService(async ({ service, events }) => {
    const host = await service.create("Ada");
    await service.join(host.code, "Grace");
    const lobby = await service.start(host.code, host.token);
    assert.equal(lobby.status, "playing");
    assert.deepEqual(await service.get(host.code), lobby);
    assert.deepEqual(events.at(-1), { type: "game_started", code: host.code, lobby });
  }));

Deno.test("LobbyService.start() by a guest is 403 not_host and the lobby is unchanged", () =>
  withService(async ({ service, store, events }) => {
    const host = await service.create("Ada");
    const guest = await service.join(host.code, "Grace");
    const before = await store.get(host.code);
    const eventCount = events.length;
    await assertRejectsWith(service.start(host.code, guest.token), 403, "not_host");
    assert.deepEqual(await store.get(host.code), before);
    assert.equal((await service.get(host.code)).status, "waiting");
    assert.equal(events.length, eventCount);
  }));

Deno.test("LobbyService.start() with a bad token is 401 and the lobby is unchanged", () =>
  withService(async ({ service, store }) => {
    const host = await service.create("Ada");
    const before = await store.get(host.code);
    await assertRejectsWith(service.start(host.code, "nonsense"), 401, "unauthorized");
    const forged = `${host.playerId}.${"A".repeat(43)}`;
    await assertRejectsWith(service.start(host.code, forged), 401, "unauthorized");
    assert.deepEqual(await store.get(host.code), before);
  }));

Deno.test("LobbyService reads expiresAt: a waiting lobby is gone after 30 minutes", () =>
  withService(async ({ service, clock, store }) => {
    const host = await service.create("Ada");
    await service.get(host.code); // now cached, and the cache's clock never moves
    clock.advance(LIMITS.waitingLobbyLifetimeMs - 1);
    assert.equal((await service.get(host.code)).code, host.code, "not yet");
    clock.advance(1);
    await assertRejectsWith(service.get(host.code), 404, "lobby_not_found");
    await assertRejectsWith(service.join(host.code, "Late"), 404, "lobby_not_found");
    await assertRejectsWith(service.authenticate(host.code, host.token), 404, "lobby_not_found");
    assert.ok(await store.get(host.code), "the store still holds it: the check is on read");
  }));

Deno.test("LobbyService: activity pushes the expiry out", () =>
  withService(async ({ service, clock }) => {
    const host = await service.create("Ada");
    clock.advance(LIMITS.waitingLobbyLifetimeMs - 1_000);
    await service.join(host.code, "Grace");
    clock.advance(2_000);
    assert.equal((await service.get(host.code)).players.length, 2);
  }));

Deno.test("LobbyService.keepAlive() keeps a lobby with connected players from expiring, writing only past half-life", () =>
  withService(async ({ service, clock, store }) => {
    const host = await service.create("Ada");
    const first = (await store.get(host.code))!;
    clock.advance(LIMITS.waitingLobbyLifetimeMs / 2 - 1_000);
    await service.keepAlive(host.code);
    assert.equal((await store.get(host.code))!.version, first.version, "no write before half-life");
    clock.advance(2_000);
    await service.keepAlive(host.code);
    const touched = (await store.get(host.code))!;
    assert.notEqual(touched.version, first.version);
    clock.advance(LIMITS.waitingLobbyLifetimeMs - 1_000);
    assert.equal((await service.get(host.code)).code, host.code, "alive past the original expiry");
    await service.keepAlive("ZZZZZZ"); // quiet for a lobby that is gone
  }));

Deno.test("LobbyService emits lobby_created, player_joined, player_left and game_started events", () =>
  withService(async ({ service, events }) => {
    const host = await service.create("Ada");
    assert.deepEqual(events, [{ type: "lobby_created", code: host.code, hostId: host.playerId }]);
    const guest = await service.join(host.code, "Grace");
    await service.start(host.code, host.token);
    await service.leave(host.code, guest.token);
    assert.deepEqual(events.map((e) => e.type), [
      "lobby_created",
      "player_joined",
      "game_started",
      "player_left",
    ]);
    const [, joined, started, left] = events;
    assert.deepEqual(joined, {
      type: "player_joined",
      code: host.code,
      player: { id: guest.playerId, name: "Grace" },
      lobby: guest.lobby,
    });
    assert.equal(started?.type === "game_started" && started.lobby.status, "playing");
    assert.ok(left?.type === "player_left");
    assert.equal(left.playerId, guest.playerId);
    assert.deepEqual(left.lobby?.players.map((p) => p.id), [host.playerId]);
  }));

Deno.test("LobbyService.onEvent() returns a function that unsubscribes", () =>
  withService(async ({ service }) => {
    const seen: string[] = [];
    const unsubscribe = service.onEvent((e) => seen.push(e.type));
    const host = await service.create("Ada");
    await service.join(host.code, "Bob");
    unsubscribe();
    await service.join(host.code, "Cy");
    assert.deepEqual(seen, ["lobby_created", "player_joined"]);
  }));

Deno.test("LobbyService.removeIfPresent() removes once and is quiet otherwise", () =>
  withService(async ({ service, events }) => {
    const host = await service.create("Ada");
    const guest = await service.join(host.code, "Grace");
    await service.removeIfPresent(host.code, guest.playerId);
    assert.deepEqual((await service.get(host.code)).players.map((p) => p.id), [host.playerId]);
    assert.equal(events.filter((e) => e.type === "player_left").length, 1);

    await service.removeIfPresent(host.code, guest.playerId);
    await service.removeIfPresent("ZZZZZZ", guest.playerId);
    assert.equal(events.filter((e) => e.type === "player_left").length, 1, "no second event");
  }));

Deno.test("LobbyService.authenticate() names the token's player, 401 for others", () =>
  withService(async ({ service }) => {
    const host = await service.create("Ada");
    const other = await service.create("Eve");
    const seat = await service.authenticate(host.code, host.token);
    assert.equal(seat.playerId, host.playerId);
    assert.deepEqual(seat.lobby, host.lobby);
    await assertRejectsWith(service.authenticate(host.code, other.token), 401, "unauthorized");
    await assertRejectsWith(service.authenticate("ZZZZZZ", host.token), 404, "lobby_not_found");
  }));
