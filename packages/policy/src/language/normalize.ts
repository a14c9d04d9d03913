import letterFolds from "./letter-folds.json" with { type: "json" };

/**
 * The text as the detectors read it: lower-case ASCII letters, digits and punctuation, with the usual
 * disguises undone (accents, look-alike letters, leetspeak, letters spelled out with separators, emoji or
 * zero-width characters inside words, stretched letters). `start[i]`/`end[i]` give the UTF-16 span of the
 * original text that produced `text[i]`, so evidence always points at what the author wrote.
 */
export interface Normalized {
  text: string;
  start: Int32Array;
  end: Int32Array;
}

/** What `foldCodePoint` returns for an emoji or symbol: `fold` drops it inside a word, spaces it elsewhere. */
const SYMBOL = "¤";

/**
 * How a lower-case letter with no compatibility decomposition to a-z reads (ß, ø, ł, small capitals, Cyrillic and
 * Greek look-alikes: "р" is p, not r): `letter-folds.json`, one group per reason, each letter once, values a-z or
 * empty. Hand-written rather than any-ascii, which transliterates every script and was 534 KB of the classifier's
 * Lambda bundle: NFKD already folds accents, fullwidth, mathematical and circled letters, ligatures and
 * superscripts, so the table holds only the rest.
 */
const LETTER_FOLDS = new Map<string, string>(Object.values(letterFolds).flatMap((folds) => Object.entries(folds)));

/**
 * A letter of a script the detectors do not read (Han, Arabic, Devanagari…) stands as this letter, so the word
 * is still a token where the author wrote it (lexicon entries in those scripts are found in the original text).
 */
const UNREAD_LETTER = "q";

/** The value of a decimal digit of any script ("٣" is 3): Unicode puts each script's 0–9 in a run of ten. */
function digitValue(cp: number): string {
  let zero = cp;
  while (zero > 0 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
  return String((cp - zero) % 10);
}

/** A letter or number read as a-z/0-9: table, then compatibility decomposition without marks, then digits. */
function foldLetter(ch: string): string {
  const direct = LETTER_FOLDS.get(ch);
  if (direct !== undefined) return direct;
  let out = "";
  // Lower-cased again: the decomposition of "𝐀" or "ℌ" is a capital.
  for (const part of ch.normalize("NFKD").toLowerCase()) {
    const code = part.charCodeAt(0);
    if (code < 128) out += /[a-z0-9]/.test(part) ? part : "";
    else if (/\p{M}/u.test(part)) continue;
    else if (LETTER_FOLDS.has(part)) out += LETTER_FOLDS.get(part);
    else if (/\p{Nd}/u.test(part)) out += digitValue(part.codePointAt(0) as number);
    else if (/\p{Lo}/u.test(part)) out += UNREAD_LETTER;
  }
  return out;
}

/** Typographic punctuation the rules care about, kept as its ASCII counterpart rather than a symbol. */
const PUNCTUATION: Record<string, string> = {
  "’": "'",
  "‘": "'",
  "`": "'",
  "´": "'",
  "“": '"',
  "”": '"',
  "«": '"',
  "»": '"',
  "–": "-",
  "—": "-",
  "…": "...",
  "€": "€",
  "£": "£",
  "°": "°",
  "•": "·",
  "·": "·",
};

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };

const foldCache = new Map<number, string>();

/** What one non-ASCII code point becomes: letters, punctuation, a space, a symbol mark, or nothing. */
function foldCodePoint(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let out: string;
  if (PUNCTUATION[ch] !== undefined) out = PUNCTUATION[ch];
  else if (/^(?:\p{M}|\p{Cf})$/u.test(ch) || cp === 0x180e || (cp >= 0xfe00 && cp <= 0xfe0f)) out = "";
  else if (/\p{Z}/u.test(ch)) out = " ";
  else if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(ch)) out = SYMBOL;
  else if (/[\p{L}\p{N}]/u.test(ch)) out = foldLetter(ch.toLowerCase());
  else {
    const compat = ch.normalize("NFKC");
    out = compat.length === 1 && compat.charCodeAt(0) < 128 ? compat.toLowerCase() : SYMBOL;
  }
  if (foldCache.size < 50_000) foldCache.set(cp, out);
  return out;
}

/** Text with the original UTF-16 span of each of its chars. */
interface Chars {
  text: string;
  start: Int32Array;
  end: Int32Array;
}

/** Builds a string from UTF-16 codes, in chunks small enough for `apply`. */
function fromCodes(codes: Uint16Array): string {
  if (codes.length <= 8192) return String.fromCharCode.apply(null, codes as unknown as number[]);
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) out += fromCodes(codes.subarray(i, i + 8192));
  return out;
}

/** Rebuilds `chars` keeping the chars for which `map` returns a string (possibly changed), dropping the rest. */
function rewrite(chars: Chars, map: (ch: string, i: number) => string | undefined): Chars {
  const { text } = chars;
  const codes = new Uint16Array(text.length);
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = map(text[i] as string, i);
    if (ch === undefined) continue;
    codes[length] = ch.charCodeAt(0);
    start[length] = chars.start[i] as number;
    end[length] = chars.end[i] as number;
    length++;
  }
  return { text: fromCodes(codes.subarray(0, length)), start: start.subarray(0, length), end: end.subarray(0, length) };
}

/** Scratch space for `fold`, grown on demand and reused: folding runs once per item on the hot path. */
let scratch = { codes: new Uint16Array(1024), start: new Int32Array(1024), end: new Int32Array(1024) };

const isLetterCode = (code: number | undefined) => code !== undefined && code >= 97 && code <= 122;

/** Offsets 0, 1, 2…, shared read-only by every text that folds one char to one char (no copy per item). */
let identity = new Int32Array(0);
function identityOffsets(length: number): Int32Array {
  if (identity.length <= length) {
    identity = new Int32Array(Math.max(length + 1, identity.length * 2, 1024));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity;
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * The common case, done with native string functions: every char folds to exactly one char (ASCII, accented letters,
 * look-alikes, typographic quotes), so the offsets are the identity. Undefined when a char folds to none, several
 * or a symbol mark, or is outside the BMP (emoji): `fold` handles those.
 */
function foldOneToOne(text: string): Chars | undefined {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) continue;
    if (code >= 0xd800 && code <= 0xdfff) return undefined;
    const folded = foldCodePoint(code);
    if (folded.length !== 1 || folded === SYMBOL) return undefined;
    ascii = false;
  }
  // ASCII-only after the replacement, so lower-casing keeps every offset.
  const out = (ascii ? text : text.replace(NON_ASCII, (ch) => foldCodePoint(ch.charCodeAt(0)))).toLowerCase();
  const offsets = identityOffsets(out.length);
  return { text: out, start: offsets.subarray(0, out.length), end: offsets.subarray(1, out.length + 1) };
}

/**
 * Lower-cases and folds every char to ASCII. Emoji and symbols vanish inside a word ("st🤬ronzo",
 * "💰G💰U💰A") and become one space between words.
 */
function fold(text: string): Chars {
  const simple = foldOneToOne(text);
  if (simple) return simple;
  // Folding can lengthen a char ("ß" → "ss", "½" → "12"); four chars per UTF-16 unit is more than any fold gives.
  const capacity = text.length * 4;
  if (scratch.codes.length < capacity) {
    scratch = { codes: new Uint16Array(capacity), start: new Int32Array(capacity), end: new Int32Array(capacity) };
  }
  const { codes, start, end } = scratch;
  let length = 0;
  // Span of the symbols seen since the last char written, if any.
  let symbolFrom = -1;
  let symbolTo = -1;
  const push = (code: number, from: number, to: number) => {
    if (symbolFrom >= 0) {
      if (!(isLetterCode(code) && isLetterCode(codes[length - 1]) && length > 0)) {
        codes[length] = 32;
        start[length] = symbolFrom;
        end[length++] = symbolTo;
      }
      symbolFrom = -1;
    }
    if (length < capacity) {
      codes[length] = code;
      start[length] = from;
      end[length++] = to;
    }
  };
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 128 && symbolFrom < 0) {
      // Plain ASCII with no symbol pending, the common case: no need for `push` (capacity cannot be reached).
      codes[length] = code >= 65 && code <= 90 ? code + 32 : code;
      start[length] = i;
      end[length++] = i + 1;
      i++;
      continue;
    }
    if (code < 128) {
      push(code >= 65 && code <= 90 ? code + 32 : code, i, i + 1);
      i++;
      continue;
    }
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp);
    if (folded === SYMBOL) {
      if (symbolFrom < 0) symbolFrom = i;
      symbolTo = i + width;
    } else {
      for (let k = 0; k < folded.length; k++) push(folded.charCodeAt(k), i, i + width);
    }
    i += width;
  }
  if (symbolFrom >= 0) push(32, symbolFrom, symbolTo);
  return { text: fromCodes(codes.subarray(0, length)), start: start.slice(0, length), end: end.slice(0, length) };
}

const isLetter = (ch: string | undefined) => ch !== undefined && ch >= "a" && ch <= "z";

/**
 * Single letters strung together with separators ("s.t.r.o.n.z.o", "m e r d e", "💰G💰U💰A") become one
 * word. Plain spaces need five letters, so short runs of Italian one-letter words ("e a", "o i") stay apart.
 */
const SPELLED = /(?<![a-z0-9'])[a-z](?:[ .\-_*|/+]{1,3}[a-z](?![a-z0-9'])){2,}/g;

function joinSpelledLetters(chars: Chars): Chars {
  let drop: Set<number> | undefined; // made only for the rare text with a spelled-out word
  // An exec loop, not matchAll, which clones the pattern on every call: this runs on every item.
  SPELLED.lastIndex = 0;
  for (let m = SPELLED.exec(chars.text); m !== null; m = SPELLED.exec(chars.text)) {
    const run = m[0];
    if (/^[a-z ]+$/.test(run) && run.replace(/ /g, "").length < 5) continue;
    drop ??= new Set<number>();
    for (let k = 0; k < run.length; k++) if (!isLetter(run[k])) drop.add(m.index + k);
  }
  const dropped = drop;
  return dropped === undefined || dropped.size === 0
    ? chars
    : rewrite(chars, (ch, i) => (dropped.has(i) ? undefined : ch));
}

const isWordChar = (ch: string | undefined) =>
  ch !== undefined && ((ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") || ch === "@" || ch === "$" || ch === "*");

const isLeetCode = (code: number) => (code >= 48 && code <= 57) || code === 64 || code === 36;

/** Whether a digit, "@" or "$" touches a letter: a plain scan, cheaper than a regex on every item. */
function hasLeetNextToLetter(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const previous = text.charCodeAt(i - 1);
    if ((isLeetCode(code) && isLetterCode(previous)) || (isLetterCode(code) && isLeetCode(previous))) return true;
  }
  return false;
}

/** Digits and @/$ stand for letters only inside a word that has letters: "c0gl10n1" yes, "2024" or "@mario" no. */
function decodeLeet(chars: Chars): Chars {
  const { text } = chars;
  if (!hasLeetNextToLetter(text)) return chars;
  const replace = new Map<number, string>();
  for (let i = 0; i < text.length; ) {
    if (!isWordChar(text[i])) {
      i++;
      continue;
    }
    let j = i;
    let letters = 0;
    while (isWordChar(text[j])) if (isLetter(text[j++])) letters++;
    // "nome@dominio.it" is an e-mail address, not leetspeak.
    const email = text[j] === "." && isLetter(text[j + 1]);
    for (let k = i; letters > 0 && k < j; k++) {
      const ch = text[k] as string;
      const letter = LEET[ch];
      if (!letter) continue;
      const isSign = ch === "@" || ch === "$";
      if (!isSign || (k > i && isLetter(text[k - 1]) && !email)) replace.set(k, letter);
    }
    i = j;
  }
  return replace.size === 0 ? chars : rewrite(chars, (ch, i) => replace.get(i) ?? ch);
}

/** Stretched letters ("svegliaaaa", "cazzzzo") shrink: vowels to one, consonants to two. */
function shrinkStretched(chars: Chars): Chars {
  const { text } = chars;
  // Only letters shrink: "...", "!!!" and "1000" leave the text as it is, with no rebuild.
  let stretched = false;
  for (let i = 2; i < text.length && !stretched; i++) {
    const code = text.charCodeAt(i);
    stretched = isLetterCode(code) && code === text.charCodeAt(i - 1) && code === text.charCodeAt(i - 2);
  }
  if (!stretched) return chars;
  let runStart = 0;
  return rewrite(chars, (ch, i) => {
    if (text[i - 1] !== ch) runStart = i;
    if (!isLetter(ch)) return ch;
    const keep = "aeiou".includes(ch) ? 1 : 2;
    return i - runStart < keep ? ch : undefined;
  });
}

export function normalize(original: string): Normalized {
  return shrinkStretched(decodeLeet(joinSpelledLetters(fold(original))));
}

/** The original UTF-16 span behind `text.slice(from, to)`. */
export function originalSpan(n: Normalized, from: number, to: number): { start: number; end: number } {
  const last = Math.max(from, to - 1);
  return { start: n.start[from] ?? 0, end: n.end[last] ?? n.start[from] ?? 0 };
}
