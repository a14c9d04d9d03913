// Only the Italian VAT validator (see codice-fiscale.ts for why the deep import).
import * as partitaIva from "stdnum/lib/cjs/it/iva.js";
import type { Finding } from "../detector";
import type { PublishedContacts } from "./contacts";
import { parsePhone } from "./phone-number";
import { contextBefore, isAsciiDigit, isAsciiLetter, originalSpan, piiFinding, rewriteView, type View } from "./text";

const DIGIT_WORDS: Record<string, string> = {
  zero: "0",
  uno: "1",
  due: "2",
  tre: "3",
  quattro: "4",
  cinque: "5",
  sei: "6",
  sette: "7",
  otto: "8",
  nove: "9",
};
const WORD = Object.keys(DIGIT_WORDS).join("|");
/** Three or more numbers in a row, at least one spelled out: "tre quattro sette, 5 5 1, 2 0 9 8". */
const SPELLED_RUN = new RegExp(`(?:\\b(?:${WORD})\\b|\\d+)(?:[\\s,.-]+(?:\\b(?:${WORD})\\b|\\d+)){2,}`, "gi");
const SPELLED_TOKEN = new RegExp(`\\b(?:${WORD})\\b|,`, "gi");

/**
 * Digits written with the separators people use in numbers: spaces, dots, dashes, brackets, a slash after the area
 * code (a spaced slash separates two numbers). Each repetition consumes a digit and the separators are no digits,
 * so matching stays linear.
 */
const DIGIT_RUN = /(?:\+\s?)?\d(?:(?:[ .\-()]{0,3}|\/)\d)*/g;
const DATE = /^\d{1,2}([./-])\d{1,2}\1(?:\d{2}|\d{4})$/;
const MONEY_AFTER = /^\s*(?:€|euro\b|eur\b)/i;
/**
 * Italian numbers start with 0 (landline), 3 (mobile), 5 (VoIP) or 8 (freephone, shared cost) and have 6–11
 * digits; anything else needs the international prefix. Checked before the (costlier) libphonenumber parse.
 */
const PLAUSIBLE = /^(?:[0358]\d{5,10}|(?:\+|00)[1-9]\d{6,13})$/;
const VAT_CONTEXT = /partita\s+iva|p\.?\s?iva|\bvat\b|\bc\.?\s?f\.?/i;
const isVatNumber = (digits: string) => partitaIva.validate(digits).isValid;
const OFFICE =
  /\b(?:uffici?o?|centralino|comune|municipio|urp|sportello|segreteria|ospedale|asl|ausl|cup|farmacia|polizia|vigili|carabinieri|questura|prefettura|caserma|biblioteca|scuola|istituto|poste|sede|negozio|ditta|azienda|studio|guardia|soccorso|croce|assistenza|protezione\s+civile|associazione|pro\s+loco|parrocchia|consultorio|ambulatorio)\b/i;
/** Numbers anyone may call: freephone, shared-cost, premium and national services are no one's personal data. */
const PUBLIC_TYPES = new Set(["TOLL_FREE", "SHARED_COST", "PREMIUM_RATE", "UAN"]);

const DIGIT_WORDS_BY_LENGTH = new Map<number, string[]>();
for (const word of Object.keys(DIGIT_WORDS)) {
  DIGIT_WORDS_BY_LENGTH.set(word.length, [...(DIGIT_WORDS_BY_LENGTH.get(word.length) ?? []), word]);
}

/** Whether `text.slice(from, to)` is a digit word ("tre", "Sette"), compared in place to spare an allocation. */
function isDigitWordAt(text: string, from: number, to: number): boolean {
  const words = DIGIT_WORDS_BY_LENGTH.get(to - from);
  if (!words) return false;
  const first = text.charCodeAt(from) | 32;
  return words.some((word) => word.charCodeAt(0) === first && text.startsWith(word.slice(1), from + 1));
}

/**
 * Whether the text has three numbers in a row with one spelled out. A plain scan over the words: it runs on every
 * item, and the equivalent regex costs several times more.
 */
function hasSpelledRun(text: string): boolean {
  let run = 0;
  let spelled = false;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    let j = i + 1;
    if (code >= 48 && code <= 57) {
      while (j < text.length && isAsciiDigit(text.charCodeAt(j))) j++;
      run++;
    } else if (isAsciiLetter(code)) {
      while (j < text.length && isAsciiLetter(text.charCodeAt(j))) j++;
      const isDigitWord = isDigitWordAt(text, i, j);
      run = isDigitWord ? run + 1 : 0;
      spelled = isDigitWord;
    } else if (!" \t\n,.-".includes(text[i] as string)) {
      run = 0;
      spelled = false;
    }
    if (run >= 3 && spelled) return true;
    i = j;
  }
  return false;
}

/** The text with spelled-out digits turned into digits (and commas between them into spaces), or undefined. */
function spelledDigitsView(text: string): View | undefined {
  if (!hasSpelledRun(text)) return undefined;
  return rewriteView(text, SPELLED_RUN, (run) =>
    run[0].replace(SPELLED_TOKEN, (token) => DIGIT_WORDS[token.toLowerCase()] ?? " "),
  );
}

interface Group {
  digits: string;
  /** Offsets in the scanned text. */
  start: number;
  end: number;
}

/** One number has at most this many groups ("3 4 7 2 1 8 5 5 9 3" has ten): bounds the work on long digit runs. */
const MAX_GROUPS = 12;

/** Whether `t.slice(start, end)` reads as a date, an amount, a VAT or file number, or part of a longer code. */
function notAPhone(t: string, start: number, end: number, first: Group): boolean {
  const written = t.slice(start, end).replace(/^\+\s?/, "");
  const [before, after] = [t.charCodeAt(start - 1), t.charCodeAt(end)];
  if (isAsciiLetter(before) || isAsciiLetter(after) || t[start - 1] === "/" || t[end] === "/") return true;
  if (DATE.test(written) || MONEY_AFTER.test(t.slice(end, end + 6)) || t[start - 1] === "€" || t[start - 2] === "€") {
    return true;
  }
  // A business's VAT number: eleven digits, often with a valid Luhn and office code, after "P.IVA".
  if (/^\d{11}$/.test(written) && (isVatNumber(written) || VAT_CONTEXT.test(t.slice(Math.max(0, start - 20), start)))) {
    return true;
  }
  // "0585/816343" and "338/1234567" put the area code or mobile prefix before a slash; any other slash belongs to
  // file numbers ("1234/2024").
  const slashes = written.split("/").length - 1;
  if (slashes === 0) return false;
  return slashes > 1 || !written.startsWith(`${first.digits}/`) || !/^(?:0\d{1,3}|3\d{2})$/.test(first.digits);
}

/**
 * Phone numbers in the Italian ways of writing them (+39, 0039, spaces, dots, dashes, slashes, spelled digits),
 * validated by libphonenumber-js: a run of digits counts only if it is a valid number of a private line. A run may
 * hold several numbers, or a time or count before one ("dopo le 18 3331234567"): each group is tried as a start.
 */
export function detectPhones(text: string, digits: number, published: PublishedContacts): Finding[] {
  const view = spelledDigitsView(text);
  if (digits < 6 && !view) return [];
  const t = view?.text ?? text;
  const findings: Finding[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(t); m !== null; m = DIGIT_RUN.exec(t)) {
    const groups: Group[] = [];
    for (const g of m[0].matchAll(/\d+/g)) {
      groups.push({ digits: g[0], start: m.index + g.index, end: m.index + g.index + g[0].length });
    }
    const plus = m[0].startsWith("+") ? "+" : "";
    for (let first = 0; first < groups.length; ) {
      const start = first === 0 ? m.index : (groups[first] as Group).start;
      const prefix = first === 0 ? plus : "";
      const available = Math.min(groups.length - first, MAX_GROUPS);
      // "… chiamatemi al 347 650 1193 2 volte": the longest reading first, then without its last group or two (each
      // parse costs microseconds, and an international number is written whole).
      const fewest = prefix ? available : Math.max(1, available - 2);
      let used = 0;
      for (let count = available; count >= fewest && used === 0; count--) {
        const own = groups.slice(first, first + count);
        const candidate = prefix + own.map((g) => g.digits).join("");
        const end = (own[own.length - 1] as Group).end;
        if (candidate.length < 6) break;
        if (!PLAUSIBLE.test(candidate) || notAPhone(t, start, end, groups[first] as Group)) continue;
        const phone = parsePhone(candidate, "IT");
        if (!phone?.isValid()) continue;
        const type = phone.getType();
        // A mobile followed by one more digit reads as its voicemail number: the mobile is what was meant.
        if (type === "VOICEMAIL") continue;
        used = count;
        if (published.phones.has(phone.number) || (type && PUBLIC_TYPES.has(type))) continue;
        const span = view ? originalSpan(view, start, end) : { start, end };
        // A landline after "centralino", "ospedale", "farmacia"… is an office's number: a human checks it is public.
        const office = type === "FIXED_LINE" && contextBefore(text, span.start, OFFICE, 40);
        findings.push(piiFinding("phone", span.start, span.end, { clearCut: !office }));
      }
      first += Math.max(used, 1);
    }
  }
  return findings;
}
