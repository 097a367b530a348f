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
// private-use characters (each font draws them differently) and noncharacters.
const _FORBIDDEN =
  /[\p{Cc}\p{Zl}\p{Zp}\p{Co}\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}]|(?![\u200C\u200D])\p{Cf}/u;
// Characters that draw nothing although Unicode files them as letters, marks or symbols:
// Hangul fillers, the combining grapheme joiner, Khmer inherent vowels, Mongolian variation
// selectors, the blank Braille pattern. Inside a name they hide text; alone they fake a blank.
const _INVISIBLE = /[\u115F\u1160\u3164\uFFA0\u034F\u17B4\u17B5\u180B-\u180F\u2800]/u;
// England, Scotland and Wales: a black flag followed by tag characters, the only good use of
// tags. Removed before the check so that these flags pass while other tags do not.
const _TAG_FLAG = /\u{1F3F4}[\u{E0061}-\u{E007A}]{2,6}\u{E007F}/gu;
const _VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** The trimmed name, or what is wrong with it in words for the player. */
export function checkName(raw: unknown, maxLength: number): NameCheck {
  if (typeof raw !== "string") return { ok: false, problem: "A name is required." };
  // A lone surrogate is not text: strict JSON decoders in other languages reject it.
  if (!raw.isWellFormed()) {
    return { ok: false, problem: "A name cannot contain broken characters." };
  }
  const name = raw.normalize("NFC").trim();
  if (name === "") return { ok: false, problem: "Please type your name first." };
  if ([...name].length > maxLength) {
    return { ok: false, problem: `A name can have at most ${maxLength} characters.` };
  }
  const untagged = name.replace(_TAG_FLAG, "\u{1F3F4}");
  if (_FORBIDDEN.test(untagged) || _INVISIBLE.test(untagged)) {
    return { ok: false, problem: "A name cannot contain invisible or control characters." };
  }
  if (!_VISIBLE.test(untagged)) {
    return { ok: false, problem: "A name needs at least one visible character." };
  }
  return { ok: true, name };
}

/** A name's length as the server counts it: code points after NFC and trimming. */
export function nameLength(name: string): number {
  return [...name.normalize("NFC").trim()].length;
}
