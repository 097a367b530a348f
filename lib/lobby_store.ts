/**
 * The store behind the lobby cache: a small interface, and its Deno KV implementation.
 *
 * Writes are compare-and-set on a version, so two joins racing for the last seat cannot both
 * win: the loser re-reads and tries again (see `LobbyService`).
 *
 * @example
 * ```ts
 * const store = await KvLobbyStore.open(":memory:");
 * await store.create(record); // false if the code is taken
 * const found = await store.get(record.code); // { record, version }
 * store.close();
 * ```
 */
import type { LobbyRecord } from "./lobby.ts";

/** A record with the version a compare-and-set must name. */
export interface Versioned {
  record: LobbyRecord;
  version: string;
}

/** What the lobby service needs from a store. */
export interface LobbyStore {
  /** The lobby stored under `code`, or null. Expiry is the caller's business. */
  get(code: string): Promise<Versioned | null>;
  /** Stores a new lobby; false when its code is already taken. */
  create(record: LobbyRecord): Promise<boolean>;
  /** Replaces the lobby if it is still at `version`; false when someone wrote first. */
  replace(record: LobbyRecord, version: string): Promise<boolean>;
  /** Deletes the lobby if it is still at `version`; false when someone wrote first. */
  delete(code: string, version: string): Promise<boolean>;
  /** Releases the store; idempotent. */
  close(): void;
}

const _PREFIX = "lobbies";
// KV's expireIn is only a lower bound on deletion, so the record carries its own expiresAt;
// this margin lets a slightly-late reader still see the record it is about to reject.
const _EXPIRE_MARGIN_MS = 60_000;

/** {@link LobbyStore} on Deno KV: a SQLite file, `:memory:`, or Deno Deploy's managed KV. */
export class KvLobbyStore implements LobbyStore {
  readonly #kv: Deno.Kv;
  readonly #now: () => number;
  #closed = false;

  /** Opens the store; `path` "" means the platform default (Deno Deploy's KV). */
  static async open(path: string, now: () => number = Date.now): Promise<KvLobbyStore> {
    if (path !== "" && path !== ":memory:") {
      const dir = path.replace(/[^/\\]*$/, "");
      if (dir !== "") await Deno.mkdir(dir, { recursive: true });
    }
    return new KvLobbyStore(await Deno.openKv(path === "" ? undefined : path), now);
  }

  constructor(kv: Deno.Kv, now: () => number = Date.now) {
    this.#kv = kv;
    this.#now = now;
  }

  async get(code: string): Promise<Versioned | null> {
    const entry = await this.#kv.get<LobbyRecord>([_PREFIX, code]);
    if (entry.value === null || entry.versionstamp === null) return null;
    return { record: entry.value, version: entry.versionstamp };
  }

  async create(record: LobbyRecord): Promise<boolean> {
    const key = [_PREFIX, record.code];
    const result = await this.#kv.atomic()
      .check({ key, versionstamp: null })
      .set(key, record, { expireIn: this.#expireIn(record) })
      .commit();
    return result.ok;
  }

  async replace(record: LobbyRecord, version: string): Promise<boolean> {
    const key = [_PREFIX, record.code];
    const result = await this.#kv.atomic()
      .check({ key, versionstamp: version })
      .set(key, record, { expireIn: this.#expireIn(record) })
      .commit();
    return result.ok;
  }

  async delete(code: string, version: string): Promise<boolean> {
    const key = [_PREFIX, code];
    const result = await this.#kv.atomic().check({ key, versionstamp: version }).delete(key)
      .commit();
    return result.ok;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#kv.close();
  }

  #expireIn(record: LobbyRecord): number {
    return Math.max(1_000, record.expiresAt - this.#now() + _EXPIRE_MARGIN_MS);
  }
}
