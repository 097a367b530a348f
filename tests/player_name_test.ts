/**
 * The name rules shared by the server and the pages: what real people in many scripts type is
 * taken as typed, and what would hide text or fake a blank is refused with a reason.
 */
import assert from "node:assert/strict";
import { checkName, nameKey, nameLength } from "../lib/player_name.ts";

const MAX = 32;

Deno.test("checkName() takes names in the world's scripts as they are typed", async (t) => {
  for (
    const [label, name] of [
      ["Arabic", "ليلى"],
      ["Persian with a zero-width non-joiner", "می\u200cخواهم"],
      ["Hebrew with points", "שָׁלוֹם"],
      ["Devanagari with a joiner", "क्\u200dष"],
      ["Thai", "สมชาย"],
      ["Chinese with an ideographic variation selector", "葛\u{E0100}"],
      ["Korean", "김민준"],
      ["Traditional Mongolian with a free variation selector", "ᠭ\u180bᠠ"],
      ["Mongolian with the vowel separator", "ᠨᠠ\u180eᠠ"],
      ["Amharic", "ሰላም"],
      ["Greek and Cyrillic", "Ζωή Жанна"],
      ["emoji sequences", "👩‍💻 👍🏽 1️⃣ 🏳️‍🌈"],
      ["the flag of Wales", "\u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}"],
      ["Malayalam's older chillu spelling, ending in a joiner", "അവന്\u200D"],
      ["an emoji newer than this engine's Unicode tables", "\u{1FA8A}"],
    ] as const
  ) {
    await t.step(label, () => assert.deepEqual(checkName(name, MAX), { ok: true, name }));
  }
});

Deno.test("checkName() trims spaces and stray direction marks at the ends", () => {
  assert.deepEqual(checkName("\u200f ليلى \u200e", MAX), { ok: true, name: "ليلى" });
  assert.equal(nameLength("\u200f ليلى \u200e"), 4);
});

Deno.test("checkName() refuses what hides text or fakes a blank, saying why", async (t) => {
  for (
    const [label, raw, problem] of [
      ["a lone surrogate", "Ada\ud800", /broken/],
      ["a direction mark inside", "A\u200fda", /invisible/],
      ["an unassigned ignorable", "Ada\u2065", /invisible/],
      ["a specials-block ignorable", "Ada\ufff0", /invisible/],
      ["an unassigned tag-range ignorable", "Ada\u{E0080}", /invisible/],
      ["a joiner at the end", "Ada\u200d", /invisible/],
      ["a joiner at the start", "\u200cAda", /invisible/],
      ["joiners in a row", `A${"\u200d".repeat(20)}`, /invisible/],
      ["a variation selector first", "\ufe0fAda", /invisible/],
      ["a Mongolian selector after a Latin letter", "A\u180bda", /invisible/],
      ["a tag outside a flag", "Ada\u{E0041}", /invisible/],
      ["marks with nothing to mark", "\u0301\u0302", /invisible/],
      ["a combining mark first", "\u0301Bob", /invisible/],
      [
        "tag text behind a black flag that is no country's",
        "x\u{1F3F4}\u{E0069}\u{E0067}\u{E007F}",
        /invisible/,
      ],
      [
        "hidden words in tags behind a flag",
        "Bob\u{1F3F4}\u{E0068}\u{E0069}\u{E0064}\u{E0065}\u{E007F}",
        /invisible/,
      ],
      ["only a Hangul filler", "\u3164", /invisible/],
      ["nothing", "  \u200e ", /type your name/],
    ] as const
  ) {
    await t.step(label, () => {
      const checked = checkName(raw, MAX);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problem, problem);
    });
  }
});

Deno.test("nameKey() makes one name of what looks like one name", async (t) => {
  for (
    const [a, b] of [
      ["Alice", "ALICE"],
      ["Straße", "STRASSE"],
      ["µ", "μ"],
      ["ſam", "Sam"],
      ["ΟΔΟΣ", "οδοσ"],
      ["ﬀ", "ff"],
      ["Ａｌｉｃｅ", "Alice"],
      ["Al\u200Dice", "Alice"],
      ["Alice\uFE0F", "Alice"],
      ["Al\u00A0ice", "Al ice"],
      ["İstanbul", "istanbul"],
      ["STRAẞE", "Straße"],
      ["\u0390", "\u03CA\u0301"],
    ] as const
  ) {
    await t.step(`${JSON.stringify(a)} and ${JSON.stringify(b)}`, () => {
      assert.equal(nameKey(a), nameKey(b));
    });
  }
  await t.step("different names stay different", () => {
    assert.notEqual(nameKey("Alice"), nameKey("Alicia"));
    assert.notEqual(nameKey("김민준"), nameKey("김민수"));
  });
});
