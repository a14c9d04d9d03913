import type { Finding } from "../detector";
import { contextAround, contextBefore, piiFinding } from "./text";

/**
 * Identity document numbers have no public check digit (italian-data.md §1.6), so a number counts only after a
 * word naming the document: CIE "CA12345AB", old paper card "AB1234567", passport "YA1234567", patente (10 chars).
 */
const DOCUMENTS: { number: RegExp; context: RegExp }[] = [
  {
    number: /\bC[A-Z]\s?\d{5}\s?[A-Z]{2}\b|\b[A-Z]{2}\s?\d{7}\b/gi,
    context: /carta\s+d['’]?\s*identit|carta\s+di\s+identit|\bc\.\s?i\.|\bcie\b|documento|\bdoc\.|identit[aà]/i,
  },
  { number: /\b[A-Z0-9]{2}\d{7}\b/gi, context: /passaport/i },
  { number: /\b[A-Z][A-Z0-9]{9}\b/gi, context: /patente/i },
];

/** Licence plates: cars since 1994 "AB 123 CD" (no I, O, Q, U), motorcycles "AB 12345"; no check digit either. */
const CAR_PLATE = /\b[A-HJ-NPR-TV-Z]{2}\s?\d{3}\s?[A-HJ-NPR-TV-Z]{2}\b/gi;
const MOTORCYCLE_PLATE = /\b[A-HJ-NPR-TV-Z]{2}\s?\d{5}\b/gi;
const VEHICLE =
  /targ[ah]|\bauto(?:mobile|vettura)?\b|macchin|furgon|camion|\bsuv\b|veicol|vettur|utilitaria|pullman|trattore|parcheggi|station wagon|\bmoto\b|motocicl|scooter|motorino|\bape\b|posteggi/i;
const MOTORCYCLE = /targ[ah]|\bmoto\b|motocicl|scooter|motorino|ciclomotore/i;

const hasDigits = (code: string, min: number) => (code.match(/\d/g)?.length ?? 0) >= min;

export function detectDocuments(text: string, digits: number): Finding[] {
  if (digits < 3) return [];
  const findings: Finding[] = [];
  for (const { number, context } of DOCUMENTS) {
    for (const m of text.matchAll(number)) {
      if (hasDigits(m[0], 5) && contextBefore(text, m.index, context)) {
        findings.push(piiFinding("identity-document", m.index, m.index + m[0].length));
      }
    }
  }
  for (const [plate, context] of [
    [CAR_PLATE, VEHICLE],
    [MOTORCYCLE_PLATE, MOTORCYCLE],
  ] as const) {
    for (const m of text.matchAll(plate)) {
      const end = m.index + m[0].length;
      if (contextAround(text, m.index, end, context, 60, 30)) findings.push(piiFinding("licence-plate", m.index, end));
    }
  }
  return findings;
}
