import type { Item } from "@sentinella/core";
import type { Finding } from "../detector";
import { finding } from "./analyse";
import { type Analysis, inScope, type LexiconMatch, type Sentence, type Token } from "./analysis";
import { isSomeoneElses } from "./frames";
import type { Marks } from "./marks";

/**
 * Personal requests and questions, as frames over the analysis (lexicon classes in brackets):
 * - a personal request is the author's own case (a transaction in the first person: "ho iscritto", "abbiamo
 *   presentato"; something done to the author: "mi è arrivata", "mi hanno escluso" [own-case]; a first-person
 *   possessive: "la mia pratica", "mio padre") joined to a request to the office or a complaint that it has not
 *   acted [case-request], a question or an imperative for the author ("ditemi", "sistematemelo"). A formal filing,
 *   a call-back or a report opening the comment needs nothing else;
 * - a question asks the office for information: a question sentence, or one opened by a request for facts [ask],
 *   that is not rhetorical [rhetorical], not put to other users [to-others], not answered by the author at once
 *   [self-answer], not a bare topic before the author's own comment ("Il sindaco? Da ringraziare."), and, in an item
 *   that criticises [criticism, insults], one that asks for facts [info-cue].
 */

const live = (t: Token) => !isSomeoneElses(t) && !inScope(t, "hypothetical") && !inScope(t, "negated");
/** A closed-class word is that word, not a verb of the same form: "verso Carate" is no "io verso". */
const closedClass = (t: Token) => t.analyses.some((r) => r.pos === "prep" || r.pos === "adv" || r.pos === "conj");

export function detectPersonalRequest(marks: Marks): Finding[] {
  for (const m of marks.of("case-request")) {
    // "se il bus non passa richiamatemi": a call-back may sit in the apodosis of a hypothesis.
    const head = marks.head(m);
    if (m.entry.strength !== "strong" || isSomeoneElses(head) || inScope(head, "negated")) continue;
    if (m.entry.tags.includes("report")) {
      // "Vi segnalo che…" files a report when it opens the comment; "segnalo questa foto a mia cugina" is no report.
      if (head.index > 1) continue;
      return [finding("personal_request", "personal_request.report", true, m, 0.7)];
    }
    const rule = m.entry.tags.includes("callback") ? "personal_request.call-back" : "personal_request.filing";
    return [finding("personal_request", rule, true, m, 0.75)];
  }
  const own = ownCase(marks);
  if (!own) return [];
  // The author's circumstances ("mio nonno", "abito in…") beside a question of public interest are context:
  // only an explicit request or complaint makes them a case.
  const request = own === "case" ? (asksOffice(marks) ?? failedCase(marks)) : explicitRequest(marks);
  return request ? [finding("personal_request", "personal_request.own-case", true, request, 0.8)] : [];
}

/**
 * A complaint about one's own case: the author's case noun ("il mio abbonamento", "la mia segnalazione") in a
 * clause that says something did not happen ("non è stato rinnovato", "non ho ricevuto", "non vedo").
 */
function failedCase(marks: Marks): { start: number; end: number } | undefined {
  const a = marks.a;
  for (const m of marks.of("case-noun")) {
    const before = [a.tokens[m.first - 1], a.tokens[m.first - 2]];
    if (!before.some((t) => t !== undefined && POSSESSIVES.has(t.form))) continue;
    const s = a.sentences[marks.sentenceOf(m)];
    const clause = a.clauses[marks.head(m).clause];
    if (!s || !clause || s.question) continue;
    const denied = a.tokens.slice(clause.first, clause.last).some((t) => t.form === "non" && !isSomeoneElses(t));
    if (denied) return span(marks, s);
  }
  return undefined;
}

const POSSESSIVES: ReadonlySet<string> = new Set(["mio", "mia", "miei", "mie", "nostro", "nostra", "nostri", "nostre"]);
/** What a possessive may own that is no case of one's own: "a mio parere", "la nostra città". */
const NOT_A_CASE: ReadonlySet<string> = new Set([
  "parere",
  "avviso",
  "opinione",
  "idea",
  "giudizio",
  "impressione",
  "modesto",
  "umile",
  "punto",
  "citta",
  "paese",
  "comune",
  "provincia",
  "regione",
  "zona",
  "quartiere",
  "via",
  "strada",
  "territorio",
  "comunita",
  "tasse",
  "soldi",
]);

/**
 * The author's own case ("case"): a transaction in the first person, something done to them, their file
 * ("la mia pratica"); or only their circumstances ("context"): their family or things, where they live.
 */
function ownCase(marks: Marks): "case" | "context" | undefined {
  const a = marks.a;
  for (const m of marks.of("transaction")) {
    const head = marks.head(m);
    if (!live(head) || closedClass(head)) continue;
    if (byTheAuthor(a, m)) return "case";
  }
  let context: "context" | undefined;
  for (const m of marks.of("own-case")) {
    const head = marks.head(m);
    if (!live(head) || closedClass(head)) continue;
    if (m.entry.tags.includes("weak")) context = "context";
    else if (!m.entry.tags.includes("dative")) return "case";
    else
      for (let k = Math.max(0, m.first - 3); k < m.first; k++)
        if (["mi", "me", "m'"].includes((a.tokens[k] as Token).form)) return "case";
  }
  const caseNouns = marks.of("case-noun");
  for (const t of a.tokens) {
    if (!POSSESSIVES.has(t.form) || !live(t)) continue;
    const noun = [a.tokens[t.index + 1], a.tokens[t.index - 1]].find(
      // A noun, or a word the extract does not hold (most nouns: "il mio bidone").
      (n) => n?.kind === "word" && (n.analyses.length === 0 || n.analyses.some((r) => r.pos === "noun")),
    );
    if (!noun || NOT_A_CASE.has(noun.form) || (noun.form === "domanda" && a.tokens[noun.index + 1]?.form === "e"))
      continue;
    if (caseNouns.some((m) => m.first === noun.index)) return "case";
    context = "context";
  }
  return context;
}

/**
 * The verb is the author's own act: in the first person ("iscrivo", "abbiamo presentato") or a participle after a
 * first-person auxiliary ("ho iscritto", "ho già chiamato").
 */
function byTheAuthor(a: Analysis, m: LexiconMatch): boolean {
  // After an article the word is a noun ("per il rimborso"), not "io rimborso".
  if (a.tokens[m.first - 1]?.analyses.some((r) => r.pos === "det")) return false;
  if ((a.tokens[m.first] as Token).analyses.some((r) => r.pos === "verb" && r.person === 1)) return true;
  for (let k = Math.max(0, m.first - 3); k < m.first; k++)
    if ((a.tokens[k] as Token).analyses.some((r) => (r.lemma === "avere" || r.lemma === "essere") && r.person === 1))
      return true;
  return false;
}

/**
 * A request or a complaint written out (case-request), or an imperative for the author: not a bare question. A
 * request verb the author did themselves asks nothing ("ho corretto il mio commento", "ho già verificato").
 */
function explicitRequest(marks: Marks): { start: number; end: number } | undefined {
  return writtenRequest(marks) ?? imperativeForAuthor(marks);
}

const writtenRequest = (marks: Marks) =>
  marks
    .of("case-request")
    .find(
      (m) =>
        m.entry.strength !== "strong" &&
        live(marks.head(m)) &&
        !(m.entry.tags.includes("pos=verb") && byTheAuthor(marks.a, m)),
    );

/** "ditemi cosa manca", "toglietela dalla foto": an imperative to the office with an object. */
const imperativeForAuthor = (marks: Marks) =>
  marks.a.tokens.find(
    (t) =>
      live(t) &&
      t.analyses.some((r) => r.pos === "verb" && r.mood === "impr" && r.person === 2 && r.number === "p") &&
      t.clitics.length > 0,
  );

/** A request to act or answer on the case, a complaint that no one has, a question, or an imperative for the author. */
function asksOffice(marks: Marks): { start: number; end: number } | undefined {
  const a = marks.a;
  const asked = writtenRequest(marks);
  if (asked) return asked;
  for (const s of a.sentences) if (asksSomething(marks, s)) return span(marks, s);
  return imperativeForAuthor(marks);
}

const span = (marks: Marks, s: Sentence) => {
  const first = marks.a.tokens[s.first] as Token;
  const last = marks.a.tokens[s.last - 1] as Token;
  return { start: first.start, end: last.end };
};

/** Whether a sentence asks something of the office (see the module comment). */
function asksSomething(marks: Marks, s: Sentence): boolean {
  const a = marks.a;
  const first = firstWord(marks, s);
  const asks = marks.of("ask", s.index).filter((m) => live(marks.head(m)));
  const spelledOut = asks.some((m) => !m.entry.tags.includes("opens"));
  const opened = asks.some((m) => m.entry.tags.includes("opens") && m.first === first);
  if (!s.question && !spelledOut && !opened) return false;
  // "Ma cavolo, anche oggi niente autobus?!": an exclamation of frustration, not a question.
  if (s.question && (marks.a.tokens[s.last - 1] as Token).form === "!") return false;
  // Without "?", "quando"/"dove" opening a clause in the first person tells, it does not ask ("Quando penso…").
  if (!s.question && !spelledOut && firstPersonFirst(marks, s)) return false;
  if (marks.of("rhetorical", s.index).some((m) => !m.entry.tags.includes("last") || endsSentence(marks, s, m)))
    return false;
  // Put to other users ("qualcuno mi dà un passaggio?"), unless it asks for public facts ("qualcuno sa quando…").
  if (reproach(marks, s) || (marks.has("to-others", s.index) && !marks.has("info-cue", s.index))) return false;
  const next = a.sentences[s.index + 1];
  if (next) {
    const head = firstWord(marks, next);
    // The author answers at once ("…? No, ovviamente."), or the question only names a topic ("Il sindaco? Da …").
    if (marks.of("self-answer", next.index).some((m) => m.first === head)) return false;
    if (s.question && !hasFiniteVerb(marks, s) && words(marks, s) <= 6 && !english(marks, s)) return false;
  }
  return true;
}

/** English has no inflection the morphology reads as finite ("Is the library open on Mondays?"). */
const english = (marks: Marks, s: Sentence) =>
  marks.a.tokens.slice(s.first, s.last).some((t) => t.analyses.some((r) => r.lang === "en"));

function firstPersonFirst(marks: Marks, s: Sentence): boolean {
  for (let i = s.first; i < s.last; i++) {
    // After an article the word is a noun ("il parcheggio"), not "io parcheggio".
    if (marks.a.tokens[i - 1]?.analyses.some((r) => r.pos === "det")) continue;
    const verbs = (marks.a.tokens[i] as Token).analyses.filter((r) => r.pos === "verb" && r.person !== undefined);
    if (verbs.length > 0) return verbs.some((r) => r.person === 1 && r.tense === "pres");
  }
  return false;
}

function firstWord(marks: Marks, s: Sentence): number {
  let i = s.first;
  while (i < s.last && (marks.a.tokens[i] as Token).kind !== "word") i++;
  return i;
}

const words = (marks: Marks, s: Sentence) => {
  let n = 0;
  for (let i = s.first; i < s.last; i++) if ((marks.a.tokens[i] as Token).kind === "word") n++;
  return n;
};

const hasFiniteVerb = (marks: Marks, s: Sentence) => {
  for (let i = s.first; i < s.last; i++) {
    const t = marks.a.tokens[i] as Token;
    if (t.analyses.some((r) => r.pos === "verb" && r.person !== undefined && r.mood !== "impr")) return true;
  }
  return false;
};

/** The match is the sentence's last word before its marks ("…, no?", "…, vero?"). */
function endsSentence(marks: Marks, s: Sentence, m: LexiconMatch): boolean {
  for (let i = m.last; i < s.last; i++) if ((marks.a.tokens[i] as Token).kind === "word") return false;
  return true;
}

/** "Perché non fate…?", "perché continuate sempre…?": a reproach to the office, not a question. */
function reproach(marks: Marks, s: Sentence): boolean {
  const tokens = marks.a.tokens;
  for (let i = s.first; i < s.last - 1; i++) {
    if ((tokens[i] as Token).form !== "perche") continue;
    let j = i + 1;
    if ((tokens[j] as Token).form === "non") j++;
    const verb = tokens[j];
    if (verb?.analyses.some((r) => r.pos === "verb" && r.person === 2 && r.number === "p")) return true;
    // A verb the extract lacks, by its second-person plural ending: "perché non asfaltate…?".
    if (verb && verb.analyses.length === 0 && /(?:ate|ete|ite)$/.test(verb.form)) return true;
  }
  return false;
}

const CRITICAL_CLASSES = ["criticism", "insult", "vulgar", "blasphemy"];

export function detectQuestion(marks: Marks, kind: Item["kind"], original: string): Finding[] {
  // A reply that opens with @someone talks to that user, not to the office.
  if (kind !== "mention" && original.trimStart().startsWith("@")) return [];
  const critical = CRITICAL_CLASSES.some((cls) => marks.has(cls));
  for (const s of marks.a.sentences) {
    if (!asksSomething(marks, s)) continue;
    const informative = marks.has("info-cue", s.index);
    if ((words(marks, s) <= 3 || critical) && !informative) continue;
    return [finding("question", "question.information", true, span(marks, s), informative ? 0.85 : 0.7)];
  }
  return [];
}
