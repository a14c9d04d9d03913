import type { Finding } from "../detector";
import { inScope, type LexiconMatch } from "./analysis";
import { findDisguisedLink, findLinks } from "./links";
import { isStrong, type Marks } from "./marks";
import { finding, type Hit, whole } from "./match";
import { type Normalized, normalize } from "./normalize";

/**
 * Advertising is an offer joined to a way to reach the seller, a price or a link; a scam is a money promise,
 * a fake prize or a request to verify one's data. Each lexicon class is a signal, weighed by the strength of
 * its entry; three points make clear-cut spam, two a doubt for a human.
 */
const SIGNALS: { cls: string; strong: number; mild: number }[] = [
  { cls: "money-promise", strong: 2, mild: 1 },
  { cls: "crypto", strong: 2, mild: 1 },
  { cls: "gambling", strong: 2, mild: 1 },
  { cls: "adult", strong: 2, mild: 1 },
  { cls: "growth", strong: 3, mild: 1 },
  { cls: "giveaway", strong: 2, mild: 1 },
  { cls: "phishing", strong: 2, mild: 1 },
  { cls: "chain", strong: 3, mild: 1 },
  { cls: "contact-channel", strong: 1, mild: 1 },
  { cls: "commerce", strong: 2, mild: 1 },
  { cls: "free", strong: 1, mild: 1 },
  { cls: "self-promotion", strong: 1, mild: 1 },
];

/** A phone line given to be called: a way to reach the seller ("Tel 0523 456 789", "WhatsApp 351 888 2040"). */
const PHONE = /(?:\+|\b)\d[\d .]{7,}\d\b/;
/** A price asked: "a 9,99€", "3,99€ al sacco", "€ 50". */
const PRICE = /\d+(?:[.,]\d{1,2})?\s?(?:€|euro\b|\$)|[€$]\s?\d/;
/** Follow-for-follow written with a digit ("follow 4 follow", "f4f"): the digit is no word for the lexicon. */
const FOLLOW_FOR_FOLLOW = /\b(follow|sub|like|segui|f|l)\s*(?:4|x)\s*\1\b/i;
/** A deadline of hours, the phisher's pressure ("entro 24 ore", "entro 24h"). */
const WITHIN_HOURS = /\bentro\s+\d+\s?(?:ore|h)\b/i;

/** Signals carried by emoji, which normalisation turns into spaces. */
const ADULT_EMOJI = /🔞/u;

/** Texts shorter than this are too generic ("Grazie!", "Bravi") to count as repetition. */
const MIN_REPEATED_LENGTH = 20;

/** Stored texts are masked ("[omissis]"), so the current one is compared masked too: a copy exposing a phone matches. */
function repetition(n: Normalized, masked: string, recentTexts: readonly string[]): Finding[] {
  if (recentTexts.length === 0 || n.text.trim().length < MIN_REPEATED_LENGTH) return [];
  const key = normalize(masked).text.replace(/[^a-z0-9]+/g, "");
  const copies = recentTexts.filter((t) => normalize(t).text.replace(/[^a-z0-9]+/g, "") === key).length;
  if (copies === 0) return [];
  return [finding(n, "spam", "spam.repeated", copies >= 2, whole(n), copies >= 2 ? 0.9 : 0.6)];
}

export function detectSpam(
  marks: Marks,
  allowedDomains: readonly string[],
  recentTexts: readonly string[],
  masked = marks.a.text,
): Finding[] {
  const original = marks.a.text;
  const n = marks.a.normalized;
  let score = 0;
  let evidence: Hit | undefined;
  const count = (weight: number, at: Hit | undefined) => {
    score += weight;
    evidence ??= at;
  };
  if (ADULT_EMOJI.test(original)) count(2, whole(n));
  // A plain link only strengthens a scam or an offer with a way to reach the seller, never two weak words.
  let linkCounts = false;
  for (const { cls, strong, mild } of SIGNALS) {
    const matches = marks.of(cls);
    if (matches.length === 0) continue; // most classes, in most comments: spare the filter and sort below
    // Two different offers ("installiamo caldaie a prezzi imbattibili… preventivo gratuito") weigh more than one.
    const found = matches
      .filter((x) => !inScope(marks.head(x), "negated"))
      .sort((x, y) => Number(isStrong(y)) - Number(isStrong(x)));
    for (const m of found.slice(0, cls === "commerce" ? 2 : 1)) {
      const w = isStrong(m) ? strong : mild;
      count(w, normalizedSpan(marks, m));
      linkCounts ||= w >= 2 || cls === "contact-channel";
    }
  }
  const phone = PHONE.exec(original);
  if (phone && !marks.has("contact-channel")) {
    count(1, whole(n));
    linkCounts = true;
  }
  if (PRICE.test(original)) count(1, whole(n));
  if (FOLLOW_FOR_FOLLOW.test(original)) count(3, whole(n));
  if (WITHIN_HOURS.test(original)) count(1, whole(n));
  const untrusted = findLinks(n, allowedDomains).filter((l) => !l.trusted);
  const domains = new Set(untrusted.map((l) => l.domain));
  const disguised = findDisguisedLink(n);
  const suspicious = untrusted.find((l) => l.suspicious);
  if (disguised || suspicious) {
    // Only someone dodging link filters spells a web address out ("w w w", "punto com"): that alone is clear-cut.
    score += disguised ? 3 : 2;
    evidence = disguised ?? suspicious;
  } else if (untrusted.length > 0 && linkCounts) {
    score += 1;
  }
  if (domains.size >= 2) {
    score += 3;
    evidence ??= untrusted[0];
  }
  // The same offer pasted several times in one comment ("OFFERTA PELLET … — OFFERTA PELLET …").
  if (score >= 2 && repeatsItself(n.text)) score += 1;
  const out = repetition(n, masked, recentTexts);
  if (score >= 2 && evidence) {
    const clearCut = score >= 3;
    out.push(
      finding(
        n,
        "spam",
        `spam.${clearCut ? "advertising" : "promotion"}`,
        clearCut,
        evidence,
        Math.min(0.95, 0.5 + score * 0.1),
      ),
    );
  }
  return out;
}

/** The lexicon match as a stretch of the normalised text, for `finding`. */
const normalizedSpan = (marks: Marks, m: LexiconMatch): Hit => ({
  from: marks.head(m).from,
  to: (marks.a.tokens[m.last - 1] ?? marks.head(m)).to,
});

/** A stretch of eight or more words that occurs twice in the text. */
function repeatsItself(text: string): boolean {
  const words = text.split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length < 16) return false;
  const seen = new Set<string>();
  for (let i = 0; i + 8 <= words.length; i++) {
    const key = words.slice(i, i + 8).join(" ");
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
