/**
 * A bounded TTL + LRU read-through cache in front of the lobby store.
 *
 * It is *not* a shared-state store: every value it hands out is a deep-frozen snapshot, so a
 * caller can neither corrupt the cache nor be surprised by another caller's edits. It refuses to
 * be unbounded, and a load that started before an invalidation never refills it with a stale
 * lobby.
 *
 * @example
 * ```ts
 * const cache = new LobbyCache<Lobby>({ ttlMs: 5_000, maxEntries: 10_000, clock: monotonicClock });
 * const lobby = await cache.getOrLoad("ABCD", (code) => store.getLobby(code));
 * // after a write:
 * cache.invalidate("ABCD");
 * ```
 */

import type { Clock } from "./clock.ts";

/** How a {@link LobbyCache} is bounded and where its time comes from. */
export interface LobbyCacheOptions {
  /** How long a loaded value is served from memory; 0 turns caching off (loads still coalesce). */
  ttlMs: number;
  /** Most entries held; the least recently used go first. */
  maxEntries: number;
  /** Source of monotonic time. */
  clock: Clock;
  /** How long a "does not exist" answer is remembered; default `min(ttlMs, 1000)`. */
  negativeTtlMs?: number;
}

/** Figures for `/health/detailed` and `/metrics`; names are part of the public contract. */
export interface LobbyCacheStats {
  hits: number;
  misses: number;
  /** `hits / (hits + misses)`, 0 before the first read. */
  hit_rate: number;
  cached_lobbies: number;
  evictions: number;
}

interface _Entry<V> {
  value: Readonly<V> | null;
  expiresAt: number;
}

interface _InFlight<V> {
  promise: Promise<Readonly<V> | null>;
  /** Set by invalidate()/set(): the load may finish, but its result must not be cached. */
  stale: boolean;
}

/**
 * A generic TTL + LRU read-through cache; `null` means "known not to exist".
 *
 * @example
 * ```ts
 * const cache = new LobbyCache<{ name: string }>({ ttlMs: 1000, maxEntries: 100, clock });
 * cache.set("ABCD", { name: "fun" });
 * cache.get("ABCD"); // { name: "fun" } (frozen)
 * cache.get("WXYZ"); // undefined: a miss
 * ```
 */
export class LobbyCache<V> {
  readonly #ttlMs: number;
  readonly #negativeTtlMs: number;
  readonly #maxEntries: number;
  readonly #clock: Clock;
  // Map iteration follows insertion order; re-inserting on every hit keeps the least recently
  // used entry first, so eviction is O(1).
  readonly #entries = new Map<string, _Entry<V>>();
  // Holds only loads still running, so it is bounded by concurrency, not by codes ever seen.
  readonly #inFlight = new Map<string, _InFlight<V>>();
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(options: LobbyCacheOptions) {
    const { ttlMs, maxEntries, clock } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a whole number of at least 1, got ${maxEntries}`);
    }
    _checkTtl("ttlMs", ttlMs);
    const negativeTtlMs = options.negativeTtlMs ?? Math.min(ttlMs, 1000);
    _checkTtl("negativeTtlMs", negativeTtlMs);
    this.#ttlMs = ttlMs;
    this.#negativeTtlMs = negativeTtlMs;
    this.#maxEntries = maxEntries;
    this.#clock = clock;
  }

  /**
   * The cached snapshot (a hit), `null` for a cached "does not exist" (a hit), or `undefined` on
   * a miss. Counts one hit or miss.
   *
   * @example
   * ```ts
   * const lobby = cache.get("ABCD");
   * if (lobby === undefined) {  ...load it... }
   * ```
   */
  get(code: string): Readonly<V> | null | undefined {
    const entry = this.#lookup(code);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    return entry.value;
  }

  /**
   * Read-through: the cached value, or the result of `load` (shared by every concurrent caller
   * for the same code). A failing load rejects all its waiters and is not cached.
   *
   * @example
   * ```ts
   * const lobby = await cache.getOrLoad(code, (c) => store.getLobby(c));
   * if (lobby === null) throw new AppError(404, ErrorCode.LobbyNotFound, "No such lobby.");
   * ```
   */
  getOrLoad(
    code: string,
    load: (code: string) => Promise<V | null>,
  ): Promise<Readonly<V> | null> {
    const cached = this.get(code);
    if (cached !== undefined) return Promise.resolve(cached);
    const running = this.#inFlight.get(code);
    if (running !== undefined) return running.promise;

    // Registered before load() runs, so a re-entrant call or invalidate() from inside it sees it.
    const { promise, resolve } = Promise.withResolvers<Readonly<V> | null>();
    const record: _InFlight<V> = { promise, stale: false };
    this.#inFlight.set(code, record);
    resolve(this.#load(code, load, record));
    return promise;
  }

  /**
   * Caches a deep-frozen copy of `value`; later edits to `value` do not reach the cache. A load
   * already running for `code` will not overwrite it.
   *
   * @example
   * ```ts
   * cache.set(lobby.code, lobby);
   * ```
   */
  set(code: string, value: V): void {
    this.#supersedeLoad(code);
    this.#store(code, _snapshot(value));
  }

  /**
   * Forgets `code`, including a cached "does not exist"; a load already running for it will not
   * fill the cache (its callers still get its result).
   *
   * @example
   * ```ts
   * await store.joinLobby(code, name);
   * cache.invalidate(code);
   * ```
   */
  invalidate(code: string): void {
    this.#supersedeLoad(code);
    this.#entries.delete(code);
  }

  /**
   * Counters since start-up. Drops expired entries first (O(size), bounded by `maxEntries`) so
   * `cached_lobbies` counts only live ones.
   *
   * @example
   * ```ts
   * cache.getStats().hit_rate; // 0.93
   * ```
   */
  getStats(): LobbyCacheStats {
    const now = this.#clock.now();
    for (const [code, entry] of this.#entries) {
      if (now >= entry.expiresAt) this.#entries.delete(code);
    }
    const reads = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      misses: this.#misses,
      hit_rate: reads === 0 ? 0 : this.#hits / reads,
      cached_lobbies: this.#entries.size,
      evictions: this.#evictions,
    };
  }

  /**
   * Entries held, including expired ones not yet dropped.
   *
   * @example
   * ```ts
   * cache.size; // <= maxEntries, always
   * ```
   */
  get size(): number {
    return this.#entries.size;
  }

  async #load(
    code: string,
    load: (code: string) => Promise<V | null>,
    record: _InFlight<V>,
  ): Promise<Readonly<V> | null> {
    try {
      const snapshot = _snapshot(await load(code));
      if (!record.stale) this.#store(code, snapshot);
      return snapshot;
    } finally {
      if (this.#inFlight.get(code) === record) this.#inFlight.delete(code);
    }
  }

  /** The live entry for `code`, moved to the most recently used end; drops it if expired. */
  #lookup(code: string): _Entry<V> | undefined {
    const entry = this.#entries.get(code);
    if (entry === undefined) return undefined;
    this.#entries.delete(code);
    if (this.#clock.now() >= entry.expiresAt) return undefined;
    this.#entries.set(code, entry);
    return entry;
  }

  #store(code: string, value: Readonly<V> | null): void {
    const ttl = value === null ? this.#negativeTtlMs : this.#ttlMs;
    this.#entries.delete(code);
    if (ttl <= 0) return;
    this.#entries.set(code, { value, expiresAt: this.#clock.now() + ttl });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.#evictions++;
    }
  }

  /** Detaches a running load so its result is returned to its callers but never cached. */
  #supersedeLoad(code: string): void {
    const running = this.#inFlight.get(code);
    if (running === undefined) return;
    running.stale = true;
    this.#inFlight.delete(code);
  }
}

function _checkTtl(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`${name} must be a finite number of ms, 0 or more, got ${ms}`);
  }
}

function _snapshot<V>(value: V | null): Readonly<V> | null {
  return value === null ? null : _deepFreeze(structuredClone(value));
}

function _deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    _deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
