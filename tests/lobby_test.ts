import assert from "node:assert/strict";
import { LIMITS } from "../lib/config.ts";
import { AppError } from "../lib/errors.ts";
import {
  addPlayer,
  expiryFor,
  isExpired,
  type LobbyRecord,
  newLobby,
  removePlayer,
  startGame,
  type StoredPlayer,
  toPublicLobby,
  touchLobby,
  validateName,
} from "../lib/lobby.ts";

const T0 = 1_700_000_000_000;

function player(id: string, joinedAt = T0): StoredPlayer {
  return { id, name: `name-${id}`, secretHash: `hash-of-${id}`, joinedAt };
}

/** A waiting lobby of `maxPlayers` seats holding players `ids` (the first is host). */
function lobbyOf(ids: string[], maxPlayers = 4): LobbyRecord {
  let record = newLobby("K7QX2M", player(ids[0]!), { maxPlayers, now: T0 });
  for (const id of ids.slice(1)) record = addPlayer(record, player(id), T0);
  return record;
}

/** Asserts `fn` throws an AppError with `status` and `code`. */
function assertAppError(fn: () => unknown, status: number, code: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

Deno.test("newLobby() makes a waiting lobby with its host as the only player", () => {
  const host = player("h");
  const record = newLobby("K7QX2M", host, { maxPlayers: 10, now: T0 });
  assert.equal(record.status, "waiting");
  assert.equal(record.hostId, "h");
  assert.deepEqual(record.players, [host]);
  assert.equal(record.maxPlayers, 10);
  assert.equal(record.createdAt, T0);
  assert.equal(record.expiresAt, T0 + LIMITS.waitingLobbyLifetimeMs);
});

Deno.test("addPlayer() appends a player without changing the original record", () => {
  const before = lobbyOf(["h"]);
  const after = addPlayer(before, player("g"), T0 + 5_000);
  assert.deepEqual(after.players.map((p) => p.id), ["h", "g"]);
  assert.deepEqual(before.players.map((p) => p.id), ["h"], "the input is not mutated");
  assert.equal(after.updatedAt, T0 + 5_000);
  assert.equal(after.expiresAt, expiryFor("waiting", T0 + 5_000), "activity pushes out expiry");
});

Deno.test("addPlayer() to a full lobby throws AppError 409 lobby_full", () => {
  const full = lobbyOf(["a", "b", "c"], 3);
  assertAppError(() => addPlayer(full, player("d"), T0), 409, "lobby_full");
  assert.doesNotThrow(() => addPlayer(lobbyOf(["a", "b"], 3), player("c"), T0));
});

Deno.test("addPlayer() to a started game throws AppError 409 game_started", () => {
  const started = startGame(lobbyOf(["h"], 10), "h", T0);
  assertAppError(() => addPlayer(started, player("g"), T0), 409, "game_started");
});

Deno.test("addPlayer() refuses a name already in the lobby, in any case, with 409 name_taken", () => {
  const lobby = lobbyOf(["a", "b"]); // names "name-a" and "name-b"
  for (const name of ["name-b", "NAME-B", "Name-A", "name\u200D-b", "ｎａｍｅ-ｂ"]) {
    assertAppError(() => addPlayer(lobby, { ...player("c"), name }, T0), 409, "name_taken");
  }
  assert.doesNotThrow(() => addPlayer(lobby, { ...player("c"), name: "name-b2" }, T0));
});

Deno.test("removePlayer() hands the host role to the next player in join order", () => {
  const record = lobbyOf(["h", "a", "b"]);
  const after = removePlayer(record, "h", T0 + 1);
  assert.ok(after);
  assert.equal(after.hostId, "a");
  assert.deepEqual(after.players.map((p) => p.id), ["a", "b"]);
  assert.deepEqual(record.players.map((p) => p.id), ["h", "a", "b"], "the input is not mutated");
});

Deno.test("removePlayer() of a guest keeps the host", () => {
  const after = removePlayer(lobbyOf(["h", "a", "b"]), "a", T0 + 1);
  assert.ok(after);
  assert.equal(after.hostId, "h");
  assert.deepEqual(after.players.map((p) => p.id), ["h", "b"]);
});

Deno.test("removePlayer() of the last player returns null", () => {
  assert.equal(removePlayer(lobbyOf(["h"]), "h", T0), null);
  const once = removePlayer(lobbyOf(["h", "a"]), "h", T0);
  assert.ok(once);
  assert.equal(removePlayer(once, "a", T0), null);
});

Deno.test("startGame() by the host switches to playing with a longer lifetime", () => {
  const started = startGame(lobbyOf(["h", "g"]), "h", T0 + 10);
  assert.equal(started.status, "playing");
  assert.equal(started.expiresAt, T0 + 10 + LIMITS.playingLobbyLifetimeMs);
});

Deno.test("startGame() by anyone but the host throws AppError 403 not_host", () => {
  const record = lobbyOf(["h", "g"]);
  assertAppError(() => startGame(record, "g", T0), 403, "not_host");
  assertAppError(() => startGame(record, "stranger", T0), 403, "not_host");
  assert.equal(record.status, "waiting");
});

Deno.test("startGame() twice throws AppError 409 game_started", () => {
  const started = startGame(lobbyOf(["h"]), "h", T0);
  assertAppError(() => startGame(started, "h", T0), 409, "game_started");
});

Deno.test("isExpired() is true from expiresAt on; touchLobby() pushes it out", () => {
  const record = lobbyOf(["h"]);
  assert.equal(isExpired(record, record.expiresAt - 1), false);
  assert.equal(isExpired(record, record.expiresAt), true);
  const touched = touchLobby(record, record.expiresAt - 1);
  assert.equal(isExpired(touched, record.expiresAt), false);
});

Deno.test("validateName() refuses names that are not a short line of visible text", async (t) => {
  for (
    const [label, raw] of [
      ["empty", ""],
      ["whitespace only", " \t  "],
      ["33 characters", "a".repeat(33)],
      ["33 emoji", "😀".repeat(33)],
      ["NUL", "ab\u0000cd"],
      ["newline inside", "ab\ncd"],
      ["DEL", "ab\u007fcd"],
      ["C1 control", "ab\u0085cd"],
      ["right-to-left override", "ab\u202ecd"],
      ["zero-width space", "ab\u200bcd"],
      ["lone high surrogate", "\ud800"],
      ["lone low surrogate inside", "ab\udc00cd"],
      ["Hangul filler only", "\u3164"],
      ["halfwidth Hangul filler only", "\uffa0"],
      ["Hangul choseong filler only", "\u115f"],
      ["blank Braille pattern only", "\u2800"],
      ["soft hyphen only", "\u00ad"],
      ["joiners only", "\u200d\u200c"],
      ["variation selector only", "\ufe0f"],
      ["combining marks only", "\u0301".repeat(32)],
      ["tag characters inside", "a\u{E0041}b"],
      ["combining grapheme joiner inside", "a\u034fb"],
      ["Mongolian variation selector inside", "a\u180bb"],
      ["Khmer invisible vowel inside", "a\u17b4b"],
      ["musical format control inside", "a\u{1D173}b"],
      ["interlinear annotation inside", "a\ufff9b"],
      ["noncharacter inside", "a\uffffb"],
      ["noncharacter of the last plane", "a\u{10FFFF}"],
      ["noncharacter of plane 3", "a\u{3FFFE}"],
      ["noncharacter of plane 14", "a\u{EFFFF}"],
      ["an unassigned ignorable before the tags", "a\u{E0000}b"],
      ["an unassigned ignorable among the tags", "a\u{E0010}b"],
      ["private use inside", "a\ue000b"],
      ["not a string", 42],
      ["missing", undefined],
      ["null", null],
    ] as const
  ) {
    await t.step(label, () => assertAppError(() => validateName(raw), 400, "invalid_name"));
  }
});

Deno.test("validateName() accepts up to 32 characters, counting emoji as one each", async (t) => {
  await t.step("32 letters", () => assert.equal(validateName("a".repeat(32)), "a".repeat(32)));
  await t.step("32 emoji (64 UTF-16 units)", () => {
    assert.equal(validateName("😀".repeat(32)), "😀".repeat(32));
  });
  await t.step("surrounding whitespace is trimmed and not counted", () => {
    assert.equal(validateName(`  ${"b".repeat(32)}\n`), "b".repeat(32));
  });
  await t.step("non-Latin letters", () => assert.equal(validateName("Zoë 李"), "Zoë 李"));
  await t.step("emoji built with joiners, modifiers and variation selectors", () => {
    for (const name of ["👩‍💻", "👍🏽", "❤️", "1️⃣", "🏳️‍🌈"]) assert.equal(validateName(name), name);
  });
  await t.step("the flags of England, Scotland and Wales (tag sequences)", () => {
    const scotland = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
    assert.equal(validateName(`Ada ${scotland}`), `Ada ${scotland}`);
  });
  await t.step("scripts that need the zero-width non-joiner", () => {
    assert.equal(validateName("می\u200cخواهم"), "می\u200cخواهم");
  });
  await t.step("punctuation or symbols alone are visible", () => {
    assert.equal(validateName("?!"), "?!");
    assert.equal(validateName("★"), "★");
  });
  await t.step("decomposed accents are normalized to NFC", () => {
    assert.equal(validateName("Zoe\u0308"), "Zo\u00eb");
  });
});

Deno.test("toPublicLobby() never includes secret hashes or internal times", () => {
  const record = startGame(lobbyOf(["h", "g"], 6), "h", T0 + 1);
  const view = toPublicLobby(record);
  assert.deepEqual(view, {
    code: "K7QX2M",
    status: "playing",
    hostId: "h",
    players: [{ id: "h", name: "name-h" }, { id: "g", name: "name-g" }],
    maxPlayers: 6,
    createdAt: T0,
  });
  const json = JSON.stringify(view);
  assert.ok(!json.includes("hash-of-"), json);
  assert.ok(!json.includes("secretHash"), json);
});
