import type { Finding } from "../detector";
import { analysePost, finding } from "./analyse";
import { inScope, type Token } from "./analysis";
import { isSomeoneElses } from "./frames";
import { FUNCTION_WORDS } from "./grammar";
import { isStrong, type Marks } from "./marks";

/**
 * Off-topic and trolling are never automatic (guide): these frames only queue an item for a human, on clear signs,
 * so ordinary criticism never lands here (lexicon classes in brackets).
 * - off-topic: a subject unrelated to public business [unrelated] or a question put to other users [to-others],
 *   when the comment shares no content word with the post; or the author saying it is off the topic (strong);
 * - trolling: baiting the moderators, repeating, conspiracy talk [provocation]: a strong sign alone, two mild
 *   ones, or a mild one addressed to the office; "primo!" alone; laughter alone under bad news [serious].
 */

const mine = (t: Token) => !isSomeoneElses(t) && !inScope(t, "negated");
/** Only quotation makes the words someone else's here: "come si chiama la canzone?" reports no one. */
const ownWords = (t: Token) => !inScope(t, "quoted") && !inScope(t, "negated");

export function detectOffTopic(marks: Marks, original: string, postText: string | undefined): Finding[] {
  if (!postText) return [];
  const said = marks.of("unrelated").find((m) => isStrong(m) && !isSomeoneElses(marks.head(m)));
  if (said) return [finding("off_topic", "off_topic.unrelated", false, said)];
  const topics = marks.of("unrelated").filter((m) => ownWords(marks.head(m)));
  const hit =
    topics.find((m) => !m.entry.tags.includes("weak") || topics.length > 1) ??
    marks.of("to-others").find(
      (m) =>
        m.entry.tags.includes("asks") &&
        marks.a.sentences[marks.sentenceOf(m)]?.question &&
        // "Qualcuno sa quando si paga la TARI?" asks public facts; "… a che ora gioca la squadra?" does not.
        (topics.length > 0 || !marks.has("info-cue", marks.sentenceOf(m))) &&
        ownWords(marks.head(m)),
    ) ??
    (UNRELATED_EMOJI.test(original) ? { start: 0, end: original.length } : undefined);
  if (!hit || sharesTopic(marks, postText)) return [];
  return [finding("off_topic", "off_topic.unrelated", false, hit)];
}

const UNRELATED_EMOJI = /⚽|🏀|🎂/u;

/** Content words of a text, by their first five letters; capitalised ones (names, places) say little of the topic. */
function topicWords(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== "word" || t.form.length < 4 || FUNCTION_WORDS.has(t.form) || t.capitalised) continue;
    if (t.analyses.some((r) => r.pos === "verb" && ["essere", "avere", "fare", "stare"].includes(r.lemma))) continue;
    out.add(t.form.slice(0, 5));
  }
  return out;
}

function sharesTopic(marks: Marks, postText: string): boolean {
  const post = topicWords(analysePost(postText).tokens);
  for (const word of topicWords(marks.a.tokens)) if (post.has(word)) return true;
  return false;
}

/** Words that address the moderators or the office: what a mild provocation needs beside it. */
const ADDRESS: ReadonlySet<string> = new Set(["voi", "vi", "vostro", "vostri", "vostra", "vostre", "admin", "sindaco"]);

export function detectTrolling(marks: Marks, postText: string | undefined): Finding[] {
  const a = marks.a;
  const signs = marks.of("provocation").filter((m) => mine(marks.head(m)));
  // Most comments provoke no one: only mockery of a serious post is left to read.
  if (signs.length > 0) {
    const strong = signs.find((m) => isStrong(m));
    if (strong) return [finding("trolling", "trolling.provocation", false, strong)];
    const words = a.tokens.filter((t) => t.kind === "word");
    const alone = signs.find((m) => m.entry.tags.includes("alone"));
    if (alone && m0(a.tokens, alone.first) && words.length <= 5)
      return [finding("trolling", "trolling.noise", false, { start: 0, end: a.text.length })];
    const mild = signs.filter((m) => !m.entry.tags.includes("alone"));
    const addressed = a.tokens.some((t) => ADDRESS.has(t.form));
    const texts = new Set(mild.map((m) => m.entry.text));
    if (texts.size >= 2 || (mild.length > 0 && addressed))
      return [finding("trolling", "trolling.provocation", false, mild[0] as { start: number; end: number })];
  }
  if (
    postText &&
    laughterOnly(a.tokens, a.text) &&
    analysePost(postText).matches.some((m) => m.entry.cls === "serious")
  )
    return [finding("trolling", "trolling.mockery", false, { start: 0, end: a.text.length })];
  return [];
}

/** The match is the first word of the text. */
const m0 = (tokens: readonly Token[], i: number) => tokens.findIndex((t) => t.kind === "word") === i;

/** Only laughter: "ahahah", "lol", "xD", 😂 (the shape of a laughing token, not a list of them). */
const laughing = (t: Token) => /^(?:a?h[aeiu]){2,}h?$|^lol$|^xd$/.test(t.form);

function laughterOnly(tokens: readonly Token[], text: string): boolean {
  const words = tokens.filter((t) => t.kind === "word");
  if (words.length === 0) return /😂|🤣/u.test(text);
  return words.every(laughing);
}
