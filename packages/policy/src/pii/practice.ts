import type { Finding } from "../detector";
import { contextBefore, piiFinding } from "./text";

/**
 * The number of a person's own practice: protocol, file, fine or tax-bill numbers ("prot. n. 18452/2024",
 * "verbale n. 2024/00981/V", "la mia pratica n. 12345", "pratica edilizia n. 45/2023"), and customer or tax-payer
 * codes ("codice utente 4501234"). Fines need "n." before the number (else "una multa 150" would be one); requests,
 * applications and reports need a longer number.
 */
const PRACTICE_NUMBER =
  /\b(?:(?<protocol>prot\.?|protocollo|PG(?=\/))|(?<file>pratica|verbale|fascicolo|cartella(?:\s+esattoriale)?|accertamento)|(?<fine>multa|contravvenzione|sanzione)|(?<request>istanza|domanda|richiesta|segnalazione|ticket|ricorso)|(?<account>codice\s+(?:utente|cliente|contribuente)|matricola|bolletta|fattura))(?:\s+(?:di\s+)?[a-zà-ù]{3,}\s*(?<qualified>n\.?|nr\.?|n°|num\.?|numero|#)|\s*(?<marker>n\.?|nr\.?|n°|num\.?|numero|#)?)\s*:?\s*\/?(?<number>(?:[A-Z]{1,3}[/-]?)?\d+(?:[/.-]\d+)*(?:[/-][A-Z]{1,3}\b)?)(?!\s*(?:€|euro|eur\b|%))/gi;
/** Acts of the administration are public, and so are their numbers ("delibera n. 77/2024, prot. 1234"). */
const PUBLIC_ACT =
  /\b(?:delibera|deliberazione|determina|determinazione|ordinanza|decreto|bando|avviso\s+pubblico|legge|d\.?\s?lgs|d\.?p\.?r|circolare|regolamento|gara|cig|cup|albo|seduta|consiglio|giunta|commissione|assemblea)\b/i;

export function detectPracticeNumbers(text: string, digits: number): Finding[] {
  if (digits < 3) return [];
  const findings: Finding[] = [];
  for (const m of text.matchAll(PRACTICE_NUMBER)) {
    const { protocol, file, request, account, marker, qualified, number = "" } = m.groups ?? {};
    const numberDigits = number.replace(/\D/g, "").length;
    if (numberDigits < (account ? 5 : request ? 4 : 3)) continue;
    // "prot. 0012345" is always a protocol number, "la pratica 2024/556" plainly a file number; "una multa 150" or
    // "domanda 1234" need "n." or "numero" first.
    const plainlyNumbered = protocol || account || (file && (numberDigits >= 4 || number.includes("/")));
    if (!plainlyNumbered && !marker && !qualified) continue;
    const end = m.index + m[0].length;
    if (contextBefore(text, m.index, PUBLIC_ACT, 40) || PUBLIC_ACT.test(text.slice(end, end + 30))) continue;
    findings.push(piiFinding("practice-number", m.index, end));
  }
  return findings;
}
