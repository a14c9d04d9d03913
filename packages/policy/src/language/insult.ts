import type { Finding } from "../detector";
import { finding } from "./analyse";
import { type Analysis, inScope, type LexiconMatch, type Token } from "./analysis";
import { clauseRange, isCopula, isName, isSomeoneElses, sentenceRange, targetIn } from "./frames";

/**
 * Insults: how strong one is depends on the word and on its target (GUIDE.md). Strong words are hidden wherever
 * they are aimed; "medium" ones (idiota, cretino) are strong at one identifiable person (you, @name, a named
 * official, one person singled out) and mild at an unnamed group or in a question; mild ones go to a human.
 * Quoted or reported insults are someone else's words: a human weighs them. Vulgar words are emphasis (review)
 * unless thrown at someone ("sei una merda", "sindaco di merda").
 */

type Aim = "one" | "group";

const DETERMINERS: ReadonlySet<string> = new Set([
  "un",
  "uno",
  "una",
  "un'",
  "dei",
  "degli",
  "delle",
  "il",
  "lo",
  "la",
  "i",
  "gli",
  "le",
  "l'",
  "del",
  "della",
  "dello",
]);
const INTENSIFIERS: ReadonlySet<string> = new Set([
  "proprio",
  "solo",
  "davvero",
  "veramente",
  "emerito",
  "emerita",
  "emeriti",
  "gran",
  "grande",
  "grandissimo",
  "vero",
  "vera",
  "veri",
  "solo",
  "soltanto",
  "tutti",
  "tutte",
  "che",
  "branco",
  "banda",
  "massa",
  "di",
  "a",
  "an",
  "such",
  "real",
  "povero",
  "povera",
  "poveri",
  "povere",
  "brutto",
  "brutta",
  "brutti",
  "brutte",
  "fucking",
  "total",
]);
const ONE: ReadonlySet<string> = new Set([
  "quel",
  "quello",
  "quella",
  "quell'",
  "questo",
  "questa",
  "quest'",
  "tu",
  "te",
  "brutto",
  "brutta",
  "you",
  "ur",
  "your",
]);
const GROUP: ReadonlySet<string> = new Set([
  "quei",
  "quegli",
  "quelle",
  "questi",
  "queste",
  "voi",
  "brutti",
  "brutte",
  "siete",
  "sono",
  "sembrate",
  "branco",
  "banda",
  "massa",
]);

const DEMONSTRATIVES: ReadonlySet<string> = new Set([
  "quel",
  "quella",
  "quei",
  "quelle",
  "quell'",
  "questo",
  "questa",
  "questi",
  "queste",
]);

const INDEFINITE: ReadonlySet<string> = new Set(["un", "uno", "una", "un'"]);

const numberOf = (t: Token): Aim | undefined => {
  const numbers = new Set(t.analyses.map((m) => m.number).filter(Boolean));
  return numbers.size === 1 ? (numbers.has("p") ? "group" : "one") : undefined;
};

/**
 * Whether the insult labels someone, and whom. `shout: "plural"` takes a word shouted on its own as aimed only in
 * the plural ("merde, la TARI…" addresses people; "Merda, ancora code" exclaims).
 */
export function labelAim(a: Analysis, m: LexiconMatch, shout: boolean | "plural" = true): Aim | undefined {
  const clause = clauseRange(a, m.first);
  const word = a.tokens[m.first] as Token;
  let aim: Aim | undefined;
  for (let i = m.first - 1; i >= Math.max(clause.first, m.first - 5) && !aim; i--) {
    const t = a.tokens[i] as Token;
    if (ONE.has(t.form)) aim = "one";
    else if (GROUP.has(t.form)) aim = "group";
    else if (t.kind === "mention") aim = "one";
    else if (isCopula(a, i) && t.analyses.some((r) => r.pos === "verb" && r.person !== undefined)) {
      const copula = t.analyses.find((r) => r.pos === "verb" && r.person !== undefined);
      aim = copula?.number === "p" ? "group" : copula?.person === 1 ? undefined : "one";
      if (!aim) return undefined;
    } else if (t.form === "che" || t.form === "what" || t.form === "such") aim = numberOf(word) ?? "one";
    // "you are a moron", "the mayor is a moron": an English copula has no person; who comes before it is aimed.
    else if (isCopula(a, i)) continue;
    else if (a.matches.some((p) => p.entry.cls === "person" && p.last === i + 1 && p.entry.lang === "en")) aim = "one";
    // "Sindaco idiota", "assessora incapace e cretina": the insult right after the person it qualifies.
    else if (i === m.first - 1 && a.matches.some((p) => p.entry.cls === "person" && p.last === m.first))
      aim = numberOf(word) ?? "one";
    else if (!(DETERMINERS.has(t.form) || INTENSIFIERS.has(t.form))) break;
  }
  if (!aim && shout !== false) {
    // A shout on its own ("Cretini!", "idiota, hai sbagliato", "…? Dei pirla."), or before a name or a mention
    // ("idiota @mario").
    let opens = m.first;
    while (opens > clause.first && DETERMINERS.has((a.tokens[opens - 1] as Token).form)) opens--;
    const alone = opens === clause.first || (a.tokens[opens - 1] as Token | undefined)?.kind === "punct";
    // "Maiale schifoso, vergognati": a curse after the insult is part of the shout.
    let last = m.last;
    while (a.matches.some((c) => c.entry.cls === "curse" && c.first === last && c.entry.words.length === 1)) last++;
    const next = a.tokens[last];
    const endsThere = !next || next.kind === "punct" || next.kind === "mention" || next.clause !== word.clause;
    // "Bestia che non sei altro": the insult called to the reader's face.
    const forms = a.tokens.slice(last, last + 4).map((t) => t.form);
    if (alone && forms[0] === "che" && forms[1] === "non" && forms[3] === "altro")
      return forms[2] === "siete" ? "group" : "one";
    if (alone && endsThere)
      aim = shout === "plural" ? (numberOf(word) === "group" ? "group" : undefined) : (numberOf(word) ?? "one");
  }
  // "Stai zitto idiota", "Vergognati, cretino": a bare insult after a verb in the second person calls the reader.
  if (!aim && !DETERMINERS.has(a.tokens[m.first - 1]?.form ?? "")) aim = addressed(a, word.sentence, m.first);
  // "sono dei cretini quelli che…", "chi ha fatto questo è un idiota": an unnamed group or person.
  const sentence = a.sentences[word.sentence];
  if (aim === "one" && sentence) {
    for (let i = sentence.first; i < sentence.last; i++) if ((a.tokens[i] as Token).form === "chi") aim = "group";
  }
  if (aim === "one" && numberOf(word) === "group") aim = "group";
  return aim;
}

/**
 * "Taci cretino", "Vergognati, idiota": a verb thrown at the reader (lexicons/address.txt) in the second person
 * before token `before` in its sentence; its number says whether one person or a group is addressed.
 */
function addressed(a: Analysis, sentence: number, before: number): Aim | undefined {
  for (const v of a.matches) {
    if (v.entry.cls !== "address" || v.last > before || a.tokens[v.first]?.sentence !== sentence) continue;
    // The verb itself or its auxiliary ("stai scherzando") in the second person.
    for (const t of a.tokens.slice(Math.max(0, v.first - 1), v.last)) {
      const second = t.analyses.find((r) => r.pos === "verb" && r.person === 2);
      if (second) return second.number === "p" ? "group" : "one";
    }
  }
  return undefined;
}

/**
 * A shout ("vaffanculo") is aimed when a target shares its clause ("vaffanculo Provincia", "vaffanculo a te") or
 * is called in a clause of its own beside it ("Sindaco, vaffanculo"); on its own it is emphasis for review.
 */
function shoutAimed(a: Analysis, m: LexiconMatch): boolean {
  const here = clauseRange(a, m.first);
  if (targetIn(a, here.first, here.last) || labelAim(a, m, false)) return true;
  // "Vaffanculo GiorgioPC": a word no lexicon knows right after it is a name or a handle.
  const next = a.tokens[m.last];
  if (next?.kind === "word" && next.clause === (a.tokens[m.first] as Token).clause && next.analyses.length === 0)
    return true;
  const sentence = (a.tokens[m.first] as Token).sentence;
  if (addressed(a, sentence, a.sentences[sentence]?.last ?? m.last)) return true;
  const clause = (a.tokens[m.first] as Token).clause;
  return [a.clauses[clause - 1], a.clauses[clause + 1]].some(
    (c) =>
      c !== undefined &&
      c.sentence === (a.tokens[m.first] as Token).sentence &&
      c.last - c.first <= 3 &&
      targetIn(a, c.first, c.last) !== undefined,
  );
}

const isSlurOrGroupWord = (m: LexiconMatch) => m.entry.cls === "slur";

function insultFinding(a: Analysis, m: LexiconMatch): Finding | undefined {
  const head = a.tokens[m.first] as Token;
  const reported = isSomeoneElses(head);
  // Hate about a group quoted to condemn it ("«i … sono dei vermi»: vergognatevi") is not the author's insult.
  const group = a.matches.some(
    (g) => (g.entry.cls === "identity" || g.entry.cls === "slur") && a.tokens[g.first]?.sentence === head.sentence,
  );
  if (reported && group && a.matches.some((c) => c.entry.cls === "condemnation")) return undefined;
  if (reported && m.entry.strength !== "mild") return finding("insult", "insult.reported", false, m, 0.6);
  if (isName(a, m)) return undefined;
  const labelled = m.entry.tags.includes("label");
  // A word that is also everyday ("ritardato") insults after a demonstrative or thrown at "you" ("sei un …").
  const atYou = a.tokens
    .slice(Math.max(0, m.first - 4), m.first)
    .some((t) => t.kind === "mention" || t.form === "sei" || t.form === "siete");
  // "è un ritardato": after an indefinite article the word is a noun, said of someone.
  const before = a.tokens[m.first - 1]?.form ?? "";
  if (m.entry.tags.includes("demonstrative") && !DEMONSTRATIVES.has(before) && !INDEFINITE.has(before) && !atYou)
    return undefined;
  const aim = labelAim(a, m);
  if (labelled && !aim) return undefined;
  const question = inScope(head, "question");
  // "gli zingari … sono animali": a label said of an identity group is hate (discrimination), not an insult.
  const ofGroup =
    labelled &&
    aim === "group" &&
    a.matches.some(
      (g) =>
        (g.entry.cls === "identity" || g.entry.cls === "slur") &&
        g.last <= m.first &&
        a.tokens[g.first]?.sentence === head.sentence,
    );
  if (ofGroup) return undefined;
  // "che bestia di caldo": an exclamation whose "di" names a thing, not a person ("che bestia di sindaco").
  const exclaimedOf =
    before === "che" &&
    a.tokens[m.last]?.form === "di" &&
    !a.matches.some((p) => (p.entry.cls === "person" || p.entry.cls === "identity") && p.first === m.last + 1);
  if (labelled && exclaimedOf) return undefined;
  if (m.entry.tags.includes("shout") && !shoutAimed(a, m)) return finding("insult", "insult.vulgar", false, m);
  if (m.entry.strength === "strong") return finding("insult", "insult.strong", true, m, 0.95);
  if (!aim || reported) return undefined;
  if (m.entry.strength === "medium" && aim === "one" && !question)
    return finding("insult", "insult.targeted", true, m, 0.9);
  return finding("insult", "insult.mild", false, m);
}

/** "sindaco di merda", "quell'assessore del cazzo": a vulgar tail right after a person. */
const PERSON_BEFORE = (a: Analysis, m: LexiconMatch) =>
  a.matches.some((p) => (p.entry.cls === "person" || p.entry.cls === "insult") && p.last === m.first);
const GROUP_BEFORE = (a: Analysis, m: LexiconMatch) =>
  a.matches.some((p) => (p.entry.cls === "identity" || isSlurOrGroupWord(p)) && p.last === m.first);

/** Second-person words: who is addressed. */
const SECOND_PERSON: ReadonlySet<string> = new Set([
  "tu",
  "voi",
  "tuo",
  "tua",
  "tuoi",
  "tue",
  "vostro",
  "vostra",
  "vostri",
]);

/**
 * "Buonista di merda, ospitali a casa tua", "fate schifo, vigliacchi di merda", "sei una radical chic del cazzo":
 * a vulgar tail after a word the lexicons do not know, called to the reader (a clause of its own in a sentence
 * speaking to "you", or after "sei"/"siete").
 */
function calledToTheReader(a: Analysis, m: LexiconMatch): boolean {
  const clause = clauseRange(a, m.first);
  const words = a.tokens.slice(clause.first, m.first).filter((t) => t.kind === "word");
  const atYou = words.some((t) => t.form === "sei" || t.form === "siete");
  if (atYou) return true;
  if (words.length === 0 || words.length > 2 || words[0]?.form === "che") return false;
  const s = sentenceRange(a, m.first);
  // A verb thrown at the reader (address.txt: "vergognati", "taci") counts whatever its reading.
  const thrown = (t: Token) => a.matches.some((v) => v.entry.cls === "address" && v.first === t.index);
  return a.tokens
    .slice(s.first, s.last)
    .some(
      (t) =>
        t.kind === "mention" ||
        SECOND_PERSON.has(t.form) ||
        (t.form !== "di" && (thrown(t) || t.analyses.some((r) => r.pos === "verb" && r.person === 2))),
    );
}

function vulgarFinding(a: Analysis, m: LexiconMatch): Finding | undefined {
  const head = a.tokens[m.first] as Token;
  if (inScope(head, "quoted")) return undefined;
  if (m.entry.cls === "curse") {
    if (m.entry.words.length === 1 || GROUP_BEFORE(a, m)) return undefined;
    return PERSON_BEFORE(a, m) || calledToTheReader(a, m)
      ? finding("insult", "insult.vulgar-at-person", true, m)
      : finding("insult", "insult.vulgar", false, m);
  }
  // "merda di amministrazione", "quel cesso di sindaco": the vulgar noun first, a person after.
  const personAfter = a.matches.some(
    (p) => p.entry.cls === "person" && p.first === m.last + 1 && /^d/.test((a.tokens[m.last] as Token).form),
  );
  // "Merda, ancora code", "che merda di tempo": a vulgar word shouted on its own or exclaimed is emphasis.
  const exclaimed = a.tokens[m.first - 1]?.form === "che";
  const aimed = labelAim(a, m, "plural") !== undefined && !exclaimed;
  if (m.entry.tags.includes("label") && !isSomeoneElses(head) && (aimed || personAfter))
    return finding("insult", "insult.vulgar-at-person", true, m);
  return finding("insult", m.entry.cls === "blasphemy" ? "insult.blasphemy" : "insult.vulgar", false, m);
}

export function detectInsult(a: Analysis): Finding[] {
  const out: Finding[] = [];
  for (const m of a.matches) {
    const f =
      m.entry.cls === "insult"
        ? insultFinding(a, m)
        : m.entry.cls === "vulgar" || m.entry.cls === "blasphemy" || m.entry.cls === "curse"
          ? vulgarFinding(a, m)
          : undefined;
    if (f) out.push(f);
  }
  if (a.text.includes("🖕")) out.push(finding("insult", "insult.gesture", false, { start: 0, end: a.text.length }));
  return out;
}
