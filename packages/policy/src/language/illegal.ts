import type { Finding } from "../detector";
import { finding } from "./analyse";
import { inScope, type LexiconMatch } from "./analysis";
import { tagValue } from "./lexicon-file";
import { isStrong, type Marks } from "./marks";

/** A price asked ("300€", "50 euro", "5 euro l'ora"): for goods illegal whoever sells them, an offer. */
const PRICE = /\d+(?:[.,]\d{1,2})?\s?(?:€|euro\b)|€\s?\d/i;
const PHONE = /(?:\+|\b)\d[\d .]{7,}\d\b/;
const LINK = /\bhttps?:|\bwww\.|\[\.\]|\b[a-z0-9-]+\.(?:live|tv|xyz|top|club|online|site|to|cc)\b/i;

/**
 * Illegal is an offer of illegal goods or services (illegal-goods) joined to the means of an offer: a sale or
 * an invitation (illegal-offer, commerce), a contact (contact-channel), a price or a link. Clear-cut: hidden,
 * and advertising too. A strong entry (cocaina, iptv, "senza ricetta", replica) needs one such sign; an everyday
 * word (erba, fumo, streaming) two. Talk about illegal goods without an offer, and advice to break a rule
 * (illegal-advice), go to a human.
 */
export function detectIllegal(marks: Marks): Finding[] {
  const goods = marks.of("illegal-goods").filter((m) => !inScope(marks.head(m), "negated") && !reported(marks, m));
  if (goods.length > 0) {
    const signs = offerSigns(marks);
    // "Partite di serie A gratis in streaming, link nel mio canale": free is a sign for pirated streams.
    const free = marks.has("free") ? 1 : 0;
    const offered = goods.find((m) =>
      isStrong(m) ? signs >= 1 : signs + (tagValue(m.entry, "kind") === "piracy" ? free : 0) >= 2,
    );
    if (offered) {
      const ruleId = `illegal.${tagValue(offered.entry, "kind") ?? "offer"}`;
      return [
        finding("illegal", ruleId, true, offered, 0.9),
        finding("spam", "spam.illegal-offer", true, offered, 0.9),
      ];
    }
  }
  // Using pirated or forged goods, or advice to break a rule, is promotion; reporting a dealer ("al parco
  // spacciano cocaina") is not.
  const promoted =
    marks.first("illegal-advice") ?? goods.find((m) => isStrong(m) && tagValue(m.entry, "kind") !== "drugs");
  return promoted ? [finding("illegal", "illegal.promotion", false, promoted)] : [];
}

/**
 * "Hanno sequestrato…", "la polizia ha trovato…": an enforcement verb (enforcement.txt) in the third person or as
 * a participle before the goods in their sentence reports them.
 */
function reported(marks: Marks, goods: LexiconMatch): boolean {
  return marks
    .of("enforcement", marks.sentenceOf(goods))
    .some(
      (e) =>
        e.first < goods.first &&
        marks.head(e).analyses.some((r) => r.pos === "verb" && (r.person === 3 || r.mood === "part")),
    );
}

/** An offer word; one tagged `person=N` counts only in that person ("vendo", not "uno che vendeva"). */
function offers(marks: Marks, m: LexiconMatch): boolean {
  const person = tagValue(m.entry, "person");
  return !person || marks.head(m).analyses.some((r) => r.pos === "verb" && String(r.person) === person);
}

/** How many different means of an offer the item carries. */
function offerSigns(marks: Marks): number {
  const text = marks.a.text;
  // Two different offer words ("a buon prezzo, consegna in giornata") are two signs.
  const offerWords = new Set(
    [...marks.of("illegal-offer").filter((m) => offers(marks, m)), ...marks.of("commerce")].map((m) => m.entry.text),
  );
  return [
    offerWords.size > 0,
    offerWords.size > 1,
    // "scrivetemi in privato" is also a request to be contacted back (case-request, tag callback).
    marks.has("contact-channel") ||
      marks.of("case-request").some((m) => m.entry.tags.includes("callback")) ||
      PHONE.test(text),
    PRICE.test(text),
    LINK.test(text),
  ].filter(Boolean).length;
}
