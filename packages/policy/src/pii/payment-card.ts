import type { Finding } from "../detector";
import { contextBefore, isAsciiAlnum, piiFinding } from "./text";

/** Card digits in groups of up to 4–6, separated by a space or a dash; each repetition consumes a digit. */
const CARD_RUN = /\d(?:[ -]?\d){12,}/g;
/** Issuer prefixes of the networks used in Italy: Visa, Mastercard, Maestro, Amex, Diners, Discover, JCB, UnionPay. */
const ISSUER = /^(?:4|5[0-9]|2[2-7]|3[47]|3[0689]|35|6)/;
const CARD_CONTEXT = /\bcart[ae]\b|\bcard\b|visa|mastercard|maestro|postepay|bancomat|amex|american express|prepagata/i;

/** Luhn (ISO/IEC 7812): hand-written because it is five lines and no installed dependency exposes it alone. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Payment card numbers: 13–19 digits with an issuer prefix and a valid Luhn digit. A 16-digit number after the
 * word "carta" that fails Luhn is a mistyped card: review.
 */
export function detectPaymentCards(text: string, digits: number): Finding[] {
  if (digits < 13) return [];
  const findings: Finding[] = [];
  for (const m of text.matchAll(CARD_RUN)) {
    const end = m.index + m[0].length;
    if (isAsciiAlnum(text.charCodeAt(m.index - 1)) || isAsciiAlnum(text.charCodeAt(end))) continue;
    const number = m[0].replace(/[ -]/g, "");
    if (number.length > 19 || !ISSUER.test(number)) continue;
    const context = contextBefore(text, m.index, CARD_CONTEXT, 40);
    if (luhnValid(number)) {
      // One number in ten passes Luhn: without the word "carta", only the usual card lengths are clear-cut.
      const cardLength = number.length === 16 || (number.length === 15 && /^3[47]/.test(number));
      findings.push(piiFinding("payment-card", m.index, end, { clearCut: context || cardLength }));
    } else if (number.length === 16 && context) {
      findings.push(piiFinding("payment-card-invalid", m.index, end, { clearCut: false }));
    }
  }
  return findings;
}
