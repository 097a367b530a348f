import assert from "node:assert/strict";
import {
  generateJoinCode,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  normalizeJoinCode,
  type RandomBytes,
} from "../lib/join_code.ts";

/** A random source that hands out `bytes` in order, recording how many buffers it filled. */
function scriptedRandom(bytes: number[]): { random: RandomBytes; calls: () => number } {
  let next = 0;
  let calls = 0;
  const random: RandomBytes = (buffer) => {
    calls++;
    for (let i = 0; i < buffer.length; i++) {
      if (next >= bytes.length) throw new Error("the scripted random source ran dry");
      buffer[i] = bytes[next++]!;
    }
    return buffer;
  };
  return { random, calls: () => calls };
}

Deno.test("join codes are 6 symbols of the alphabet, which has no 0 O 1 I L", () => {
  assert.equal(JOIN_CODE_LENGTH, 6);
  for (const lookAlike of "0O1IL") assert.ok(!JOIN_CODE_ALPHABET.includes(lookAlike), lookAlike);
  assert.equal(new Set(JOIN_CODE_ALPHABET).size, JOIN_CODE_ALPHABET.length, "no repeats");
  for (let i = 0; i < 1000; i++) {
    const code = generateJoinCode();
    assert.equal(code.length, JOIN_CODE_LENGTH);
    for (const symbol of code) assert.ok(JOIN_CODE_ALPHABET.includes(symbol), code);
    assert.equal(normalizeJoinCode(code), code);
  }
});

Deno.test("normalizeJoinCode() trims and is case-insensitive", async (t) => {
  for (const input of ["k7qx2m", " K7QX2M ", "\tk7Qx2M\n", "K7QX2M"]) {
    await t.step(JSON.stringify(input), () => {
      assert.equal(normalizeJoinCode(input), "K7QX2M");
    });
  }
});

Deno.test("normalizeJoinCode() rejects wrong lengths and symbols", async (t) => {
  for (
    const input of [
      "",
      "K7QX2",
      "K7QX2MM",
      "K7Q X2M",
      "K7QX2O", // O
      "K7QX20", // 0
      "K7QX21", // 1
      "K7QX2I", // I
      "K7QX2L", // L
      "k7qx2l",
      "K7QX2-",
      "K7QX2Ö",
      "ßßß", // upper-cases to SSSSSS
      "K7QX2\u017f", // long s, upper-cases to S
      "ﬀK7QX", // the ff ligature, upper-cases to FF
      "../../",
    ]
  ) {
    await t.step(JSON.stringify(input), () => assert.equal(normalizeJoinCode(input), null));
  }
});

Deno.test("generateJoinCode() draws every symbol equally often (no modulo bias)", () => {
  const counts = new Map<string, number>();
  let draws = 0;
  while (draws < 200_004) {
    for (const symbol of generateJoinCode()) {
      counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
      draws++;
    }
  }
  const k = JOIN_CODE_ALPHABET.length;
  assert.equal(counts.size, k, "every symbol appears");
  const expected = draws / k;
  let chiSquare = 0;
  for (const symbol of JOIN_CODE_ALPHABET) {
    const observed = counts.get(symbol) ?? 0;
    chiSquare += (observed - expected) ** 2 / expected;
  }
  // 30 degrees of freedom: P(chi2 > 70) is about 5e-5. Plain `byte % 31` would draw the 8
  // symbols it favours 9/8 as often as the rest: a chi-square of about 570 here.
  assert.ok(chiSquare < 70, `chi-square ${chiSquare.toFixed(1)} over ${draws} draws`);
});

Deno.test("generateJoinCode() redraws bytes at or above 248 instead of folding them", () => {
  // 248 = 8 * 31 is the first byte that would make `byte % 31` favour some symbols.
  const rejected = Array.from({ length: 16 }, (_, i) => 248 + (i % 8));
  const valid = [0, 30, 31, 61, 247, 9, ...new Array(10).fill(0)];
  const { random, calls } = scriptedRandom([...rejected, ...valid]);
  const code = generateJoinCode(random);
  assert.equal(calls(), 2, "the first buffer (all rejected bytes) produced nothing");
  const expected = [0, 30, 31, 61, 247, 9].map((b) => JOIN_CODE_ALPHABET[b % 31]).join("");
  assert.equal(code, expected);
});

Deno.test("generateJoinCode() keeps the valid bytes between rejected ones", () => {
  const bytes = [255, 1, 248, 2, 250, 3, 251, 4, 252, 5, 253, 6, 254, 254, 254, 254];
  const { random, calls } = scriptedRandom(bytes);
  assert.equal(
    generateJoinCode(random),
    [1, 2, 3, 4, 5, 6].map((b) => JOIN_CODE_ALPHABET[b])
      .join(""),
  );
  assert.equal(calls(), 1);
});
