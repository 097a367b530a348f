import assert from "node:assert/strict";
import { FakeClock } from "../lib/clock.ts";
import { LobbyCache } from "../lib/lobby_cache.ts";

interface Lobby {
  code: string;
  players: { id: string; name: string }[];
}

function lobby(code: string, ...names: string[]): Lobby {
  return { code, players: names.map((name, i) => ({ id: `p${i}`, name })) };
}

function cacheWith(ttlMs = 1000, maxEntries = 100, negativeTtlMs?: number) {
  const clock = new FakeClock();
  const cache = new LobbyCache<Lobby>({ ttlMs, maxEntries, clock, negativeTtlMs });
  return { clock, cache };
}

/** A load whose completion the test controls, counting its calls. */
function controlledLoad() {
  const pending: PromiseWithResolvers<Lobby | null>[] = [];
  const load = (_code: string) => {
    const deferred = Promise.withResolvers<Lobby | null>();
    pending.push(deferred);
    return deferred.promise;
  };
  return { load, pending };
}

Deno.test("LobbyCache refuses to be unbounded", async (t) => {
  const clock = new FakeClock();
  for (
    const [name, options] of [
      ["maxEntries 0", { ttlMs: 1000, maxEntries: 0 }],
      ["maxEntries Infinity", { ttlMs: 1000, maxEntries: Infinity }],
      ["negative ttl", { ttlMs: -1, maxEntries: 10 }],
      ["infinite ttl", { ttlMs: Infinity, maxEntries: 10 }],
      ["NaN ttl", { ttlMs: NaN, maxEntries: 10 }],
      ["infinite negativeTtlMs", { ttlMs: 1000, maxEntries: 10, negativeTtlMs: Infinity }],
    ] as const
  ) {
    await t.step(name, () => {
      assert.throws(() => new LobbyCache({ ...options, clock }), RangeError);
    });
  }
});

Deno.test("LobbyCache.get() hits just before the TTL and misses at and after it", () => {
  const { clock, cache } = cacheWith(1000);
  cache.set("AAAA", lobby("AAAA", "ann"));
  clock.advance(999);
  assert.deepEqual(cache.get("AAAA"), lobby("AAAA", "ann"));
  clock.advance(1);
  assert.equal(cache.get("AAAA"), undefined);
  assert.equal(cache.size, 0, "an expired entry is dropped when read");
  assert.deepEqual(cache.getStats(), {
    hits: 1,
    misses: 1,
    hit_rate: 0.5,
    cached_lobbies: 0,
    evictions: 0,
  });
});

Deno.test("LobbyCache stays within maxEntries under 100,000 distinct codes", () => {
  const max = 1000;
  const { cache } = cacheWith(60_000, max);
  cache.set("KEEP", lobby("KEEP"));
  for (let i = 0; i < 100_000; i++) {
    cache.set(`C${i}`, lobby(`C${i}`));
    assert.ok(cache.size <= max);
    if (i % 500 === 0) assert.notEqual(cache.get("KEEP"), undefined, `KEEP lost at ${i}`);
  }
  assert.equal(cache.size, max);
  assert.notEqual(cache.get("KEEP"), undefined, "a recently read entry survives");
  assert.equal(cache.get("C0"), undefined, "the least recently used entry went first");
  assert.equal(cache.getStats().evictions, 100_001 - max);
});

Deno.test("LobbyCache does not cache a load that started before an invalidation", async () => {
  const { cache } = cacheWith();
  const { load, pending } = controlledLoad();
  const first = cache.getOrLoad("AAAA", load);
  cache.invalidate("AAAA");
  pending[0]!.resolve(lobby("AAAA", "stale"));
  assert.deepEqual(await first, lobby("AAAA", "stale"), "its caller still gets its result");
  assert.equal(cache.get("AAAA"), undefined);

  const second = cache.getOrLoad("AAAA", load);
  assert.equal(pending.length, 2, "the next read loads again");
  pending[1]!.resolve(lobby("AAAA", "fresh"));
  assert.deepEqual(await second, lobby("AAAA", "fresh"));
  assert.deepEqual(cache.get("AAAA"), lobby("AAAA", "fresh"));
});

Deno.test("LobbyCache does not let a stale load overwrite a newer one or a set()", async (t) => {
  await t.step("a newer load started after the invalidation wins", async () => {
    const { cache } = cacheWith();
    const { load, pending } = controlledLoad();
    const old = cache.getOrLoad("AAAA", load);
    cache.invalidate("AAAA");
    const fresh = cache.getOrLoad("AAAA", load);
    pending[1]!.resolve(lobby("AAAA", "fresh"));
    await fresh;
    pending[0]!.resolve(lobby("AAAA", "stale"));
    await old;
    assert.deepEqual(cache.get("AAAA"), lobby("AAAA", "fresh"));
  });
  await t.step("a set() during a load wins", async () => {
    const { cache } = cacheWith();
    const { load, pending } = controlledLoad();
    const old = cache.getOrLoad("AAAA", load);
    cache.set("AAAA", lobby("AAAA", "written"));
    pending[0]!.resolve(lobby("AAAA", "stale"));
    await old;
    assert.deepEqual(cache.get("AAAA"), lobby("AAAA", "written"));
  });
});

Deno.test("LobbyCache.getOrLoad() shares one load among 1,000 concurrent misses", async (t) => {
  for (const ttlMs of [1000, 0]) {
    await t.step(`with ttlMs ${ttlMs}`, async () => {
      const { cache } = cacheWith(ttlMs);
      const { load, pending } = controlledLoad();
      const reads = Array.from({ length: 1000 }, () => cache.getOrLoad("AAAA", load));
      assert.equal(pending.length, 1);
      pending[0]!.resolve(lobby("AAAA", "ann"));
      const results = await Promise.all(reads);
      assert.ok(results.every((r) => r === results[0]), "every caller gets the same snapshot");
      const stats = cache.getStats();
      assert.equal(stats.hits + stats.misses, 1000, "exactly one hit or miss per call");
      assert.equal(stats.misses, 1000);
      assert.equal(cache.size, ttlMs === 0 ? 0 : 1);
    });
  }
});

Deno.test("LobbyCache with ttlMs 0 never serves from memory", async () => {
  const { cache } = cacheWith(0);
  let calls = 0;
  const load = () => Promise.resolve(lobby("AAAA", `v${++calls}`));
  cache.set("AAAA", lobby("AAAA"));
  assert.equal(cache.get("AAAA"), undefined);
  assert.deepEqual(await cache.getOrLoad("AAAA", load), lobby("AAAA", "v1"));
  assert.deepEqual(await cache.getOrLoad("AAAA", load), lobby("AAAA", "v2"));
  assert.equal(cache.getStats().hits, 0);
});

Deno.test("LobbyCache does not cache a failing load, and the next call retries", async () => {
  const { cache } = cacheWith();
  const { load, pending } = controlledLoad();
  const a = cache.getOrLoad("AAAA", load);
  const b = cache.getOrLoad("AAAA", load);
  pending[0]!.reject(new Error("store down"));
  await assert.rejects(a, /store down/);
  await assert.rejects(b, /store down/);
  assert.equal(cache.size, 0);

  const retry = cache.getOrLoad("AAAA", load);
  assert.equal(pending.length, 2);
  pending[1]!.resolve(lobby("AAAA", "ann"));
  assert.deepEqual(await retry, lobby("AAAA", "ann"));

  const throwsSync = () => {
    throw new Error("bad load");
  };
  await assert.rejects(cache.getOrLoad("BBBB", throwsSync), /bad load/);
  assert.equal(cache.get("BBBB"), undefined);
});

Deno.test("LobbyCache snapshots cannot change the cached lobby", async (t) => {
  await t.step("mutating a snapshot throws, nested objects too", () => {
    const { cache } = cacheWith();
    cache.set("AAAA", lobby("AAAA", "ann"));
    const snapshot = cache.get("AAAA") as Lobby;
    assert.throws(() => {
      snapshot.code = "ZZZZ";
    }, TypeError);
    assert.throws(() => snapshot.players.push({ id: "x", name: "eve" }), TypeError);
    assert.throws(() => {
      snapshot.players[0]!.name = "eve";
    }, TypeError);
    assert.deepEqual(cache.get("AAAA"), lobby("AAAA", "ann"));
  });
  await t.step("mutating the object passed to set() does not reach the cache", () => {
    const { cache } = cacheWith();
    const original = lobby("AAAA", "ann");
    cache.set("AAAA", original);
    original.players[0]!.name = "eve";
    original.players.push({ id: "p9", name: "mallory" });
    assert.deepEqual(cache.get("AAAA"), lobby("AAAA", "ann"));
    assert.ok(!Object.isFrozen(original), "the caller's object is left alone");
  });
  await t.step("a loaded value is a frozen copy", async () => {
    const { cache } = cacheWith();
    const loaded = lobby("AAAA", "ann");
    const result = await cache.getOrLoad("AAAA", () => Promise.resolve(loaded));
    assert.notEqual(result, loaded);
    assert.ok(Object.isFrozen(result) && Object.isFrozen(result?.players[0]));
    loaded.players[0]!.name = "eve";
    assert.deepEqual(cache.get("AAAA"), lobby("AAAA", "ann"));
  });
});

Deno.test("LobbyCache remembers a missing lobby for negativeTtlMs", async (t) => {
  await t.step("null is cached until negativeTtlMs, then loaded again", async () => {
    const { clock, cache } = cacheWith(5000, 100, 500);
    let calls = 0;
    const load = () => (calls++, Promise.resolve(null));
    assert.equal(await cache.getOrLoad("NONE", load), null);
    clock.advance(499);
    assert.equal(cache.get("NONE"), null, "a hit that says the lobby does not exist");
    assert.equal(await cache.getOrLoad("NONE", load), null);
    assert.equal(calls, 1);
    clock.advance(1);
    assert.equal(cache.get("NONE"), undefined);
  });
  await t.step("negativeTtlMs defaults to min(ttlMs, 1000)", async () => {
    const { clock, cache } = cacheWith(5000);
    await cache.getOrLoad("NONE", () => Promise.resolve(null));
    clock.advance(999);
    assert.equal(cache.get("NONE"), null);
    clock.advance(1);
    assert.equal(cache.get("NONE"), undefined);
  });
  await t.step("invalidate() clears a negative entry", async () => {
    const { cache } = cacheWith();
    await cache.getOrLoad("NONE", () => Promise.resolve(null));
    cache.invalidate("NONE");
    assert.equal(cache.get("NONE"), undefined);
  });
});

Deno.test("LobbyCache.getStats() reports hits, misses, hit_rate, cached_lobbies, evictions", () => {
  const { clock, cache } = cacheWith(1000, 2);
  assert.deepEqual(cache.getStats(), {
    hits: 0,
    misses: 0,
    hit_rate: 0,
    cached_lobbies: 0,
    evictions: 0,
  });
  cache.set("A", lobby("A"));
  cache.set("B", lobby("B"));
  cache.get("A");
  cache.get("A");
  cache.get("A");
  cache.get("X");
  cache.set("C", lobby("C"));
  assert.deepEqual(cache.getStats(), {
    hits: 3,
    misses: 1,
    hit_rate: 0.75,
    cached_lobbies: 2,
    evictions: 1,
  });
  clock.advance(1000);
  assert.equal(cache.getStats().cached_lobbies, 0, "expired entries are not counted");
  assert.equal(cache.size, 0);
});
