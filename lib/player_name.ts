/**
 * The rules of a player's name, shared by the server (which enforces them) and the pages (which
 * say what is wrong before a request is sent): a short line of visible text, counted in code
 * points after NFC and trimming, so 👩‍💻 counts three.
 *
 * @example
 * ```ts
 * checkName("  Ada ", 32); // { ok: true, name: "Ada" }
 * checkName("\u3164", 32); // { ok: false, problem: "A name needs at least one visible character." }
 * ```
 */

/** {@link checkName}'s answer. */
export type NameCheck = { ok: true; name: string } | { ok: false; problem: string };

// Control characters, format characters other than the zero-width (non-)joiners that emoji
// like 👩‍💻 and several scripts need (this covers bidi overrides, zero-width spaces, tags,
// interlinear annotations and musical format controls), line and paragraph separators,
// private-use characters (each font draws them differently) and the 66 noncharacters of every
// plane.
const _FORBIDDEN =
  /[\p{Cc}\p{Zl}\p{Zp}\p{Co}\p{Noncharacter_Code_Point}]|(?![\u200C\u200D])\p{Cf}/u;
// Characters that draw nothing although Unicode files them as letters, marks or symbols:
// Hangul fillers, the combining grapheme joiner, Khmer inherent vowels, Mongolian variation
// selectors (outside Mongolian, below), the blank Braille pattern, and the unassigned
// default-ignorable ranges that may become format characters later. Inside a name they hide
// text; alone they fake a blank.
const _INVISIBLE =
  /[\u115F\u1160\u3164\uFFA0\u034F\u17B4\u17B5\u180B-\u180F\u2800\u2065\uFFF0-\uFFF8\u{E0000}-\u{E001F}\u{E0080}-\u{E00FF}\u{E01F0}-\u{E0FFF}]/u;
// Joiners that join nothing: at an end, or several in a row.
const _LOOSE_JOINERS = /^[\u200C\u200D]|[\u200C\u200D]$|[\u200C\u200D]{2}/u;
// A variation selector or a combining mark must follow what it changes.
const _LEADING_SELECTOR = /^[\uFE00-\uFE0F\u{E0100}-\u{E01EF}\p{M}]/u;
// Malayalam's older spelling of its chillu letters ends a word in virama + ZWJ; there the joiner
// is text, so it is set aside before the loose-joiner check.
const _CHILLU = /\u0D4D\u200D/gu;
// Traditional Mongolian spells with free variation selectors and the vowel separator after its
// letters; there they are text, so they are set aside before the checks.
const _MONGOLIAN = /([\u1820-\u18AA])[\u180B-\u180F]+/gu;
// England, Scotland and Wales: a black flag followed by the tags gbeng, gbsct or gbwls, the only
// good use of tags. Set aside before the checks so that these flags pass and no other tag text
// (which draws nothing, so it can hide words) does.
const _TAG_FLAG =
  /\u{1F3F4}\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/gu;
// Extended_Pictographic covers the code points set aside for emoji not yet assigned, so a
// newer phone's emoji counts as visible where this engine's Unicode tables are older.
const _VISIBLE = /[\p{L}\p{N}\p{P}\p{S}\p{Extended_Pictographic}]/u;
// Whitespace and the direction marks a name copied from right-to-left text often ends with.
const _EDGES = /^[\s\u200E\u200F]+|[\s\u200E\u200F]+$/gu;

/** The trimmed name, or what is wrong with it in words for the player. */
export function checkName(raw: unknown, maxLength: number): NameCheck {
  if (typeof raw !== "string") return { ok: false, problem: "A name is required." };
  // A lone surrogate is not text: strict JSON decoders in other languages reject it. (A regex,
  // not isWellFormed(), which older browsers running this same check lack.)
  if (/\p{Cs}/u.test(raw)) {
    return { ok: false, problem: "A name cannot contain broken characters." };
  }
  const name = raw.normalize("NFC").replace(_EDGES, "");
  if (name === "") return { ok: false, problem: "Please type your name first." };
  if ([...name].length > maxLength) {
    return { ok: false, problem: `A name can have at most ${maxLength} characters.` };
  }
  const text = name.replace(_TAG_FLAG, "\u{1F3F4}").replace(_MONGOLIAN, "$1").replace(
    _CHILLU,
    "\u0D4D",
  );
  if (
    _FORBIDDEN.test(text) || _INVISIBLE.test(text) || _LOOSE_JOINERS.test(text) ||
    _LEADING_SELECTOR.test(text)
  ) {
    return { ok: false, problem: "A name cannot contain invisible or control characters." };
  }
  if (!_VISIBLE.test(text)) {
    return { ok: false, problem: "A name needs at least one visible character." };
  }
  return { ok: true, name };
}

/**
 * What two names must not share in one lobby: the name folded for case and compatibility forms
 * (NFKC, then upper and lower case: "Straße" and "STRASSE", "µ" and "μ", full-width letters)
 * without the characters that draw nothing (joiners, variation selectors), so "Alice" and
 * "Al\u200Dice" are one name. Look-alikes from other scripts (a Cyrillic "А") are not folded.
 *
 * @example
 * ```ts
 * nameKey("STRASSE") === nameKey("Straße"); // true
 * ```
 */
export function nameKey(name: string): string {
  // Lower, upper, lower: "ẞ" lowers to "ß", which only uppering turns into "SS". Case mapping
  // can undo normalization, hence NFKC again at the end.
  return name.normalize("NFKC").replace(/\p{Default_Ignorable_Code_Point}/gu, "").toLowerCase()
    .toUpperCase().toLowerCase().replace(/i\u0307/g, "i") // "İ" lowers to i + dot above
    .normalize("NFKC");
}

/** A name's length as the server counts it: code points after NFC and trimming. */
export function nameLength(name: string): number {
  return [...name.normalize("NFC").replace(_EDGES, "")].length;
}
