import type { Detector, DetectorInput, Finding } from "../detector";
import { detectHomeAddresses } from "./address";
import { detectCodiciFiscali } from "./codice-fiscale";
import { publishedContacts } from "./contacts";
import { detectDocumentsAndPlates } from "./documents";
import { detectEmails } from "./email";
import { detectSensitiveFacts } from "./facts";
import { detectIbans } from "./iban";
import { privateNames } from "./names";
import { detectPaymentCards } from "./payment-card";
import { detectPhones } from "./phone";
import { detectPracticeNumbers } from "./practice";

const FULLWIDTH = /[\uFF01-\uFF5E]|\uD835[\uDFCE-\uDFFF]/g;

/**
 * The text with fullwidth forms ("３４７") and mathematical digits ("𝟑𝟒𝟕", a favourite of spammers) as ASCII, and
 * its digit count. Every offset is kept: a fullwidth char becomes one ASCII char, and a mathematical digit (two
 * UTF-16 units) its digit and a space, which every number pattern reads as a separator.
 */
function asciiDigits(text: string): { text: string; digits: number; folded: boolean } {
  let digits = 0;
  let exotic = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if ((code >= 0xff01 && code <= 0xff5e) || code === 0xd835) exotic = true;
  }
  if (!exotic) return { text, digits, folded: false };
  const folded = text.replace(FULLWIDTH, (ch) => {
    const ascii =
      ch.length === 1
        ? String.fromCharCode(ch.charCodeAt(0) - 0xff01 + 0x21)
        : `${((ch.codePointAt(0) as number) - 0x1d7ce) % 10} `;
    if (ascii[0] !== undefined && ascii[0] >= "0" && ascii[0] <= "9") digits++;
    return ascii;
  });
  return { text: folded, digits, folded: true };
}

/** A span that cuts a surrogate pair in two (a mathematical digit read as digit + space) widened to whole chars. */
function wholeChars(text: string, f: Finding): Finding {
  const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
  const start = isHigh(text.charCodeAt(f.start - 1)) ? f.start - 1 : f.start;
  const end = isHigh(text.charCodeAt(f.end - 1)) ? f.end + 1 : f.end;
  return start === f.start && end === f.end ? f : { ...f, start, end };
}

const overlaps = (a: Finding, b: Finding) => a.start < b.end && b.start < a.end;

/**
 * Every personal identifier in the text, whatever the kind of item: what `redacted` texts mask before storage
 * and alerts.
 */
export function findPersonalData(input: Pick<DetectorInput, "text" | "contacts">): Finding[] {
  const { text, digits, folded } = asciiDigits(input.text);
  const published = publishedContacts(input.contacts);
  // Checksummed identifiers first: a phone-like stretch inside an IBAN or a card number is part of it.
  const checked = [...detectCodiciFiscali(text), ...detectIbans(text, digits), ...detectPaymentCards(text, digits)];
  const phones = detectPhones(text, digits, published).filter((phone) => !checked.some((f) => overlaps(f, phone)));
  const findings = [
    ...checked,
    ...phones,
    ...detectEmails(text, published),
    ...detectDocumentsAndPlates(text, digits),
    ...detectHomeAddresses(text, digits, input.contacts.address),
    ...detectPracticeNumbers(text, digits),
    ...detectSensitiveFacts(text),
  ];
  // Two rules reading the same characters (a passport number that also fits the old ID card) report them once.
  const unique = findings.filter(
    (f, i) => findings.findIndex((g) => g.ruleId === f.ruleId && g.start === f.start && g.end === f.end) === i,
  );
  return folded ? unique.map((f) => wholeChars(input.text, f)) : unique;
}

/**
 * Personal data exposed in public (GUIDE.md, category `pii`). Rule ids, each `pii.<kind>`:
 * - clear-cut, masked: `codice-fiscale`, `iban`, `payment-card`, `phone`, `email`, `pec`, `identity-document`,
 *   `licence-plate`, `home-address`, `practice-number`;
 * - for review, masked: `codice-fiscale-invalid`, `iban-invalid`, `payment-card-invalid`, and a `phone`, `email`,
 *   `iban` or `payment-card` that may belong to an office or a public body, or not be a card (clearCut false);
 * - for review, nothing masked: `health-fact`, `judicial-fact`, `private-fact` about a named person.
 * The entity's published contacts, freephone and emergency numbers and public acts are never findings. A private
 * message exposes nothing: it is labelled by what it asks, so it yields no finding here (use `findPersonalData`
 * to redact it).
 */
export const detectPersonalData: Detector = (input: DetectorInput): Finding[] =>
  input.kind === "message" ? [] : findPersonalData(input);

/**
 * Every stretch a stored or alerted text masks: the personal identifiers among `findings` (the classifier's, or
 * `findPersonalData`'s) and the names of private persons, which are masked without being a finding.
 */
export function redactionSpans(text: string, findings: readonly Finding[]): { start: number; end: number }[] {
  return [...findings.filter((f) => f.redact && f.end > f.start), ...privateNames(text)];
}
