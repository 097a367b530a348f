import assert from "node:assert/strict";
import {
  BOARD_SIZE,
  CloseCode,
  CloseReason,
  isBoardCoordinate,
  MAX_CLIENT_MESSAGE_BYTES,
  parseClientMessage,
  utf8Length,
} from "../lib/protocol.ts";

Deno.test("parseClientMessage() accepts a position within the board", async (t) => {
  for (
    const [x, y] of [[0, 0], [BOARD_SIZE, BOARD_SIZE], [12.5, 999.999], [500, 0]] as const
  ) {
    await t.step(`(${x}, ${y})`, () => {
      assert.deepEqual(parseClientMessage(JSON.stringify({ type: "position", x, y })), {
        ok: true,
        message: { type: "position", x, y },
      });
    });
  }
});

Deno.test("parseClientMessage() drops unknown keys, so identity never comes from a message", () => {
  const result = parseClientMessage(
    '{"type":"position","x":1,"y":2,"id":"someone-else","playerId":"x","__proto__":{"a":1}}',
  );
  assert.deepEqual(result, { ok: true, message: { type: "position", x: 1, y: 2 } });
});

Deno.test("parseClientMessage() names the problem with a bad message", async (t) => {
  for (
    const [label, text, problem] of [
      ["not JSON", "{type: position}", "not_json"],
      ["empty", "", "not_json"],
      ["a number", "42", "not_object"],
      ["null", "null", "not_object"],
      ["an array", '[{"type":"position","x":1,"y":1}]', "not_object"],
      ["a string", '"position"', "not_object"],
      ["no type", '{"x":1,"y":1}', "unknown_type"],
      ["other type", '{"type":"chat","text":"hi"}', "unknown_type"],
      ["x missing", '{"type":"position","y":1}', "bad_position"],
      ["x a string", '{"type":"position","x":"1","y":1}', "bad_position"],
      ["x negative", '{"type":"position","x":-0.5,"y":1}', "bad_position"],
      ["y past the board", `{"type":"position","x":1,"y":${BOARD_SIZE + 0.001}}`, "bad_position"],
      ["y huge", '{"type":"position","x":1,"y":1e400}', "bad_position"],
      ["x null", '{"type":"position","x":null,"y":1}', "bad_position"],
    ] as const
  ) {
    await t.step(label, () => assert.deepEqual(parseClientMessage(text), { ok: false, problem }));
  }
});

Deno.test("isBoardCoordinate() accepts only finite numbers from 0 to BOARD_SIZE", () => {
  assert.equal(isBoardCoordinate(0), true);
  assert.equal(isBoardCoordinate(BOARD_SIZE), true);
  for (const bad of [-1, BOARD_SIZE + 1, NaN, Infinity, -Infinity, "5", null, undefined, 5n]) {
    assert.equal(isBoardCoordinate(bad), false, String(bad));
  }
});

Deno.test("utf8Length() agrees with TextEncoder", async (t) => {
  for (
    const text of ["", "abc", "é", "€", "李", "😀", "a😀b€é", "x".repeat(2000), "\ud800", "a\udc00"]
  ) {
    await t.step(JSON.stringify(text).slice(0, 30), () => {
      assert.equal(utf8Length(text), new TextEncoder().encode(text).byteLength);
    });
  }
});

Deno.test("every close reason fits the 123-byte limit and close codes are distinct", () => {
  for (const reason of Object.values(CloseReason)) assert.ok(utf8Length(reason) <= 123, reason);
  const codes = Object.values(CloseCode);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.ok(code === 1000 || (code >= 1001 && code <= 4999), `${code}`);
  assert.ok(MAX_CLIENT_MESSAGE_BYTES > utf8Length('{"type":"position","x":1000,"y":1000}'));
});
