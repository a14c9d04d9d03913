import { countrySpecs, ValidationErrorsIBAN, validateIBAN } from "ibantools";
import type { Finding } from "../detector";
import { contextAround, contextBefore, isAsciiAlnum, piiFinding } from "./text";

/** A country code and two check digits at the start of a word, then at least eight more characters. */
const IBAN_START = /\b[A-Z]{2} ?\d{2}(?=(?:[ .-]?[A-Z0-9]){8})/gi;
/** An account of a public body or an association ("l'IBAN del Comune per i diritti di segreteria"). */
const PUBLIC_OWNER =
  /\b(?:comune|provincia|regione|ente|tesoreria|asl|ausl|scuola|istituto|parrocchia|associazione|pro\s+loco|onlus|odv|croce|protezione\s+civile)\b/i;
const IBAN_CONTEXT = /\biban\b|\bc\/c\b|conto\s+corrente|bonifico|accredit/i;
/** A checksum error means the right layout with a wrong character: the plainly personal look-alike. */
const CHECKSUM_ONLY = new Set([
  ValidationErrorsIBAN.WrongIBANChecksum,
  ValidationErrorsIBAN.WrongAccountBankBranchChecksum,
]);

/**
 * A lowercase word among the groups ("al 347 123 4567 per il rimborso"): a number followed by words, which the
 * checksum rejects, is no mistyped IBAN.
 */
const runsIntoWords = (written: string) => written.split(/[ .-]/).some((group) => /^[a-z]+$/.test(group));

/**
 * IBANs of any country, written solid or in groups. The country code sets the length (ibantools' registry table);
 * mod-97 and the national checks are ibantools'. A failing one with the right layout, or any IBAN-like code after
 * the word "IBAN", goes to a human.
 */
export function detectIbans(text: string, digits: number): Finding[] {
  // Two check digits at least: most comments have none, and the scan tries every word.
  if (digits < 2) return [];
  const findings: Finding[] = [];
  for (const m of text.matchAll(IBAN_START)) {
    const country = m[0].slice(0, 2).toUpperCase();
    const length = countrySpecs[country]?.chars;
    if (!length) continue;
    let compact = "";
    let end = m.index;
    while (end < text.length && compact.length < length) {
      const code = text.charCodeAt(end);
      if (isAsciiAlnum(code)) compact += text[end];
      else if (!(" .-".includes(text[end] as string) && isAsciiAlnum(text.charCodeAt(end + 1)))) break;
      end++;
    }
    const named = contextBefore(text, m.index, IBAN_CONTEXT, 30);
    if (compact.length < length || isAsciiAlnum(text.charCodeAt(end))) {
      // "IBAN IT60X05428…" with a character missing or one too many: still plainly someone's account. The code ends
      // with its last group holding a digit; the walk may have run on into the words after it.
      while (isAsciiAlnum(text.charCodeAt(end))) end++;
      const code = /^.*\d[A-Z0-9]*/is.exec(text.slice(m.index, end))?.[0] ?? "";
      if (named && code.replace(/[^A-Z0-9]/gi, "").length >= 15) {
        findings.push(piiFinding("iban-invalid", m.index, m.index + code.length, { clearCut: false }));
      }
      continue;
    }
    const { valid, errorCodes } = validateIBAN(compact.toUpperCase());
    if (valid) {
      // Quoting the Comune's own account for a payment exposes nobody: a human confirms whose account it is.
      const publicOwner = contextAround(text, m.index, end, PUBLIC_OWNER, 40, 40);
      findings.push(piiFinding("iban", m.index, end, { clearCut: !publicOwner }));
    } else if (named || (errorCodes.every((e) => CHECKSUM_ONLY.has(e)) && !runsIntoWords(text.slice(m.index, end)))) {
      findings.push(piiFinding("iban-invalid", m.index, end, { clearCut: false }));
    }
  }
  return findings;
}
