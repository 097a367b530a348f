import assert from "node:assert/strict";
import { addPlayer, type LobbyRecord, newLobby, type StoredPlayer } from "../lib/lobby.ts";
import { KvLobbyStore } from "../lib/lobby_store.ts";

function player(id: string): StoredPlayer {
  return { id, name: `name-${id}`, secretHash: `hash-${id}`, joinedAt: Date.now() };
}

function lobby(code: string, hostId = "h"): LobbyRecord {
  return newLobby(code, player(hostId), { maxPlayers: 10, now: Date.now() });
}

/** Runs `fn` with a fresh in-memory store, closing it afterwards. */
async function withStore(fn: (store: KvLobbyStore) => Promise<void>): Promise<void> {
  const store = await KvLobbyStore.open(":memory:");
  try {
    await fn(store);
  } finally {
    store.close();
  }
}

Deno.test("KvLobbyStore.get() of an unknown code is null", () =>
  withStore(async (store) => {
    assert.equal(await store.get("NOPE22"), null);
  }));

Deno.test("KvLobbyStore.create() stores a lobby that get() reads back with a version", () =>
  withStore(async (store) => {
    const record = lobby("AAAAAA");
    assert.equal(await store.create(record), true);
    const found = await store.get("AAAAAA");
    assert.ok(found);
    assert.deepEqual(found.record, record);
    assert.equal(typeof found.version, "string");
    assert.ok(found.version.length > 0);
  }));

Deno.test("KvLobbyStore.create() refuses a code that is already taken", () =>
  withStore(async (store) => {
    assert.equal(await store.create(lobby("AAAAAA", "first")), true);
    assert.equal(await store.create(lobby("AAAAAA", "second")), false);
    const found = await store.get("AAAAAA");
    assert.equal(found?.record.hostId, "first", "the first lobby is untouched");
  }));

Deno.test("KvLobbyStore.replace() succeeds at the current version and fails at a stale one", () =>
  withStore(async (store) => {
    await store.create(lobby("AAAAAA"));
    const v1 = (await store.get("AAAAAA"))!;
    const withA = addPlayer(v1.record, player("a"), Date.now());
    assert.equal(await store.replace(withA, v1.version), true);

    const v2 = (await store.get("AAAAAA"))!;
    assert.notEqual(v2.version, v1.version, "a write changes the version");
    assert.deepEqual(v2.record.players.map((p) => p.id), ["h", "a"]);

    const withB = addPlayer(v1.record, player("b"), Date.now());
    assert.equal(await store.replace(withB, v1.version), false, "v1 is stale");
    const after = (await store.get("AAAAAA"))!;
    assert.deepEqual(after.record.players.map((p) => p.id), ["h", "a"], "the stale write is lost");
    assert.equal(after.version, v2.version);
  }));

Deno.test("KvLobbyStore.replace() does not create a lobby that does not exist", () =>
  withStore(async (store) => {
    await store.create(lobby("AAAAAA"));
    const { version } = (await store.get("AAAAAA"))!;
    assert.equal(await store.replace(lobby("BBBBBB"), version), false);
    assert.equal(await store.get("BBBBBB"), null);
  }));

Deno.test("KvLobbyStore.delete() needs the current version", () =>
  withStore(async (store) => {
    await store.create(lobby("AAAAAA"));
    const v1 = (await store.get("AAAAAA"))!;
    await store.replace(addPlayer(v1.record, player("a"), Date.now()), v1.version);
    assert.equal(await store.delete("AAAAAA", v1.version), false, "v1 is stale");
    assert.ok(await store.get("AAAAAA"), "still there");

    const v2 = (await store.get("AAAAAA"))!;
    assert.equal(await store.delete("AAAAAA", v2.version), true);
    assert.equal(await store.get("AAAAAA"), null);
    assert.equal(await store.create(lobby("AAAAAA")), true, "the code is free again");
  }));

Deno.test("KvLobbyStore keeps lobbies under different codes apart", () =>
  withStore(async (store) => {
    await store.create(lobby("AAAAAA", "x"));
    await store.create(lobby("BBBBBB", "y"));
    assert.equal((await store.get("AAAAAA"))?.record.hostId, "x");
    assert.equal((await store.get("BBBBBB"))?.record.hostId, "y");
  }));

Deno.test("KvLobbyStore.close() may be called twice", async () => {
  const store = await KvLobbyStore.open(":memory:");
  store.close();
  assert.doesNotThrow(() => store.close());
});
