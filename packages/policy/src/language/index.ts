import type { Detector, DetectorInput, Finding } from "../detector";
import { analyse } from "./analyse";
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
export const detectContent: Detector = (input: DetectorInput): Finding[] => {
  const { text, kind, postText } = input;
  // Built once per item: every detector reads the same tokens, readings, scopes and lexicon matches.
  const a = analyse(text);
  const n = a.normalized;
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
    ...detectPersonalRequest(n),
    // A private message is labelled by what it asks: it exposes no child and disrupts no thread.
    ...(isMessage ? [] : detectMinors(marks)),
    ...(isMessage ? [] : detectTrolling(n, text, postText)),
  ];
  const offTopic = isMessage ? [] : detectOffTopic(n, text, postText);
  // An unrelated question is off-topic, and an advertiser's "ti va di conoscermi?" is bait: no answer is owed.
  const advertising = findings.some((f) => f.category === "spam" && f.clearCut);
  // A threat or hate is not answered: "Il sindaco? Io lo picchierei", "Perché i … sono così …?" ask nothing of the office.
  const threat = findings.some((f) => f.category === "threat" || f.category === "discrimination");
  const question = offTopic.length > 0 || advertising || threat ? [] : detectQuestion(n, kind, text);
  return [...findings, ...offTopic, ...question];
};
