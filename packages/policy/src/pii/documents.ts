import type { Finding } from "../detector";
import { contextAround, type PiiKind, piiFinding } from "./text";

interface NumberWithContext {
  kind: PiiKind;
  number: RegExp;
  /** A word naming the document or the vehicle, within 60 chars before or 30 after the number. */
  context: RegExp;
}

/**
 * Identity document numbers and licence plates have no public check digit (italian-data.md §1.6–1.7), so a number
 * counts only next to a word naming the document or a vehicle. The words are looked for first: they are rare,
 * and a literal search is cheaper than the number patterns.
 */
const NUMBERS: NumberWithContext[] = [
  {
    // CIE "CA12345AB"; old paper card "AB1234567".
    kind: "identity-document",
    number: /\bC[A-Z]\s?\d{5}\s?[A-Z]{2}\b|\b[A-Z]{2}\s?\d{7}\b/gi,
    context: /carta\s+d['’]?\s*identit|carta\s+di\s+identit|\bc\.\s?i\.|\bcie\b|documento|\bdoc\.|identit[aà]/i,
  },
  { kind: "identity-document", number: /\b[A-Z0-9]{2}\d{7}\b/gi, context: /passaport/i },
  { kind: "identity-document", number: /\b[A-Z]{1,2}\d{7,8}\b/gi, context: /permesso\s+di\s+soggiorno/i },
  // The tessera sanitaria's own card number (TEAM): 20 digits starting with 80 (ISO 7812 health-card prefix).
  { kind: "identity-document", number: /\b80\d{18}\b/g, context: /tessera\s+sanitaria|\bteam\b/i },
  { kind: "identity-document", number: /\b[A-Z](?=[A-Z]*\d(?:[A-Z]*\d){4})[A-Z0-9]{9}\b/gi, context: /patente/i },
  {
    // Cars since 1994 "AB 123 CD" (never I, O, Q, U).
    kind: "licence-plate",
    number: /\b[A-HJ-NPR-TV-Z]{2}[\s-]?\d{3}[\s-]?[A-HJ-NPR-TV-Z]{2}\b/gi,
    context:
      /targ[ah]|\bauto(?:mobile|vettura)?\b|macchin|furgon|camion|\bsuv\b|veicol|vettur|utilitaria|pullman|trattore|parcheggi|posteggi|\bmoto\b|motocicl|scooter|motorino/i,
  },
  {
    // Motorcycles "AB 12345".
    kind: "licence-plate",
    number: /\b[A-HJ-NPR-TV-Z]{2}\s?\d{5}\b/gi,
    context: /targ[ah]|\bmoto\b|motocicl|scooter|motorino|ciclomotore/i,
  },
];

export function detectDocumentsAndPlates(text: string, digits: number): Finding[] {
  if (digits < 3) return [];
  const findings: Finding[] = [];
  for (const { kind, number, context } of NUMBERS) {
    if (!context.test(text)) continue;
    for (const m of text.matchAll(number)) {
      const end = m.index + m[0].length;
      if (contextAround(text, m.index, end, context, 60, 30)) findings.push(piiFinding(kind, m.index, end));
    }
  }
  return findings;
}
