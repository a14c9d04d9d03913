import type { Detector, DetectorInput, Finding } from "../detector";
import { analyse } from "./analyse";
import type { Analysis } from "./analysis";
import { detectOffTopic, detectTrolling } from "./disruption";
import { detectEmergency } from "./emergency";
import { detectHate } from "./hate";
import { detectIllegal } from "./illegal";
import { detectInsult } from "./insult";
import { Marks } from "./marks";
import { detectMinors } from "./minors";
import { detectPolitical } from "./political";
import { detectPersonalRequest, detectQuestion } from "./requests";
import { detectSpam } from "./spam";
import { detectThreat } from "./threat";

/**
 * Italian content detectors: insults, threats, discrimination, spam, illegal offers, propaganda, minors,
 * off-topic, trolling, emergencies, personal requests and questions. The text is normalised once against
 * obfuscation; every finding points back at the original text.
 */
const VIOLATIONS: ReadonlySet<string> = new Set(["spam", "illegal", "threat", "discrimination", "insult", "political"]);

/** The sentences a finding's evidence spans. */
const sentencesOf = (a: Analysis, f: Finding): number[] =>
  a.tokens.filter((t) => t.start < f.end && f.start < t.end).map((t) => t.sentence);

export const detectContent: Detector = (input: DetectorInput): Finding[] => {
  const { text, kind, postText } = input;
  // Built once per item: every detector reads the same tokens, readings, scopes and lexicon matches.
  const a = input.analysis ?? analyse(text);
  const marks = new Marks(a);
  const isMessage = kind === "message";
  const findings = [
    ...detectInsult(a),
    ...detectHate(a),
    ...detectThreat(a),
    ...detectSpam(marks, input.allowedDomains, input.recentTextsByAuthor, input.maskedText),
    ...detectIllegal(marks),
    ...detectPolitical(marks, input.electionPeriod),
    ...detectEmergency(marks),
    // A private message is labelled by what it asks: it exposes no child and disrupts no thread.
    ...(isMessage ? [] : detectMinors(marks)),
  ];
  // "Bisognerebbe affogarli nel fiume", "lo annego nel fiume": the danger is the threat's means, not one to report.
  const threatSentences = new Set(findings.filter((f) => f.category === "threat").flatMap((f) => sentencesOf(a, f)));
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i] as Finding;
    if (f.category === "emergency" && sentencesOf(a, f).some((s) => threatSentences.has(s))) findings.splice(i, 1);
  }
  // An advertiser's "ti va di conoscermi?" is bait, and a request inside an emergency report is part of it.
  const advertising = findings.some((f) => f.category === "spam" && f.clearCut);
  // A chain letter's "copiate e incollate" is the spam itself, not a provocation.
  if (!isMessage && !advertising) findings.push(...detectTrolling(marks, postText));
  const emergency = findings.some((f) => f.category === "emergency");
  // Propaganda, an illegal offer, a threat or hate asks nothing of the office about the author's own case.
  const violating = findings.some((f) => VIOLATIONS.has(f.category) && f.category !== "insult");
  if (!advertising && !emergency && !violating) findings.push(...detectPersonalRequest(marks));
  // An item already flagged for a violation is handled for that; off the topic or not does not matter then.
  const violation = findings.some((f) => VIOLATIONS.has(f.category));
  const offTopic = isMessage || violation ? [] : detectOffTopic(marks, text, postText);
  // A threat or hate is not answered: "Il sindaco? Io lo picchierei", "Perché i … sono così …?" ask nothing of the office.
  const threat = findings.some((f) => f.category === "threat" || f.category === "discrimination");
  const question = offTopic.length > 0 || advertising || threat ? [] : detectQuestion(marks, kind, text);
  return [...findings, ...offTopic, ...question];
};
