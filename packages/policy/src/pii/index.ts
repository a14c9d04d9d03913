import type { Detector, DetectorInput, Finding } from "../detector";
import { detectHomeAddresses } from "./address";
import { detectCodiciFiscali } from "./codice-fiscale";
import { publishedContacts } from "./contacts";
import { detectDocumentsAndPlates } from "./documents";
import { detectEmails } from "./email";
import { detectSensitiveFacts } from "./facts";
import { detectIbans } from "./iban";
import { detectPaymentCards } from "./payment-card";
import { detectPhones } from "./phone";
import { detectPracticeNumbers } from "./practice";

function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

const overlaps = (a: Finding, b: Finding) => a.start < b.end && b.start < a.end;

/**
 * Every personal identifier in the text, whatever the kind of item: what `redacted` texts mask before storage
 * and alerts.
 */
export function findPersonalData(input: Pick<DetectorInput, "text" | "contacts">): Finding[] {
  const { text } = input;
  const digits = countDigits(text);
  const published = publishedContacts(input.contacts);
  // Checksummed identifiers first: a phone-like stretch inside an IBAN or a card number is part of it.
  const checked = [...detectCodiciFiscali(text), ...detectIbans(text), ...detectPaymentCards(text, digits)];
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
  return findings.filter(
    (f, i) => findings.findIndex((g) => g.ruleId === f.ruleId && g.start === f.start && g.end === f.end) === i,
  );
}

/**
 * Personal data exposed in public (GUIDE.md, category `pii`). Rule ids, each `pii.<kind>`:
 * - clear-cut, masked: `codice-fiscale`, `iban`, `payment-card`, `phone`, `email`, `pec`, `identity-document`,
 *   `licence-plate`, `home-address`, `practice-number`;
 * - for review, masked: `codice-fiscale-invalid`, `iban-invalid`, `payment-card-invalid`, and a `phone`, `email` or
 *   `payment-card` that may be an office's or not a card (clearCut false);
 * - for review, nothing masked: `health-fact`, `judicial-fact`, `private-fact` about a named person.
 * The entity's published contacts, freephone and emergency numbers and public acts are never findings. A private
 * message exposes nothing: it is labelled by what it asks, so it yields no finding here (use `findPersonalData`
 * to redact it).
 */
export const detectPersonalData: Detector = (input: DetectorInput): Finding[] =>
  input.kind === "message" ? [] : findPersonalData(input);
