import type { Analysis, LexiconMatch, Token } from "./analysis";

/**
 * The lexicon matches of one item grouped by class, with the sentence each falls in: what the category frames
 * (emergency, spam, propaganda, requests…) ask of an analysis, over and over, built once.
 */
export class Marks {
  private readonly byClass = new Map<string, LexiconMatch[]>();

  constructor(readonly a: Analysis) {
    const links = linkSpans(a.text);
    for (const m of a.matches) {
      if (links.some((l) => overlaps(l, m)) || isName(a, m)) continue;
      const list = this.byClass.get(m.entry.cls);
      if (list) list.push(m);
      else this.byClass.set(m.entry.cls, [m]);
    }
  }

  /** Matches of a class, optionally only in one sentence. */
  of(cls: string, sentence?: number): readonly LexiconMatch[] {
    const list = this.byClass.get(cls) ?? NONE;
    return sentence === undefined ? list : list.filter((m) => this.sentenceOf(m) === sentence);
  }

  first(cls: string, sentence?: number, strongOnly = false): LexiconMatch | undefined {
    return this.of(cls, sentence).find((m) => !strongOnly || isStrong(m));
  }

  has(cls: string, sentence?: number, strongOnly = false): boolean {
    return this.first(cls, sentence, strongOnly) !== undefined;
  }

  sentenceOf(m: LexiconMatch): number {
    return this.head(m).sentence;
  }

  head(m: LexiconMatch): Token {
    return this.a.tokens[m.first] as Token;
  }

  /** The original text of a sentence. */
  sentenceText(s: number): string {
    const sentence = this.a.sentences[s];
    if (!sentence) return "";
    const first = this.a.tokens[sentence.first];
    const last = this.a.tokens[sentence.last - 1];
    return first && last ? this.a.text.slice(first.start, last.end) : "";
  }
}

const NONE: LexiconMatch[] = [];

/** Web addresses: "…/cronaca/frana-zeri" names an article, not a landslide. */
const LINK = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:it|com|net|org|eu|info)\/\S*/gi;
function linkSpans(text: string): { start: number; end: number }[] {
  if (!text.includes("/") && !text.includes("www")) return [];
  return [...text.matchAll(LINK)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Classes of everyday words that are also place and family names (Massa, Fiume, Ferri, Sassi). */
const NAMES_COLLIDE: ReadonlySet<string> = new Set([
  "hazard",
  "structure",
  "hazard-motion",
  "danger-effect",
  "person-at-risk",
]);

/**
 * An Italian or English word capitalised inside a sentence ("Massa", "Ferri", "Fiume Veneto") is a name, not
 * the word of the lexicon. Other languages are exempt: German capitalises every noun.
 */
function isName(a: Analysis, m: LexiconMatch): boolean {
  if (!NAMES_COLLIDE.has(m.entry.cls) || (m.entry.lang !== "it" && m.entry.lang !== "en")) return false;
  const head = a.tokens[m.first] as Token;
  if (!head.capitalised || head.form.length < 2) return false;
  const word = a.text.slice(head.start, head.end);
  if (word === word.toUpperCase()) return false; // shouted: "FRANA!!!", "AIUTO"
  const sentence = a.sentences[head.sentence];
  const previous = a.tokens[m.first - 1];
  return sentence !== undefined && m.first > sentence.first && previous?.kind !== "punct";
}

export const isStrong = (m: LexiconMatch) => m.entry.strength === "strong";

export const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;
