// The one validator, not stdnum's index of every country's (209 KB in each Lambda bundle): stdnum has no `exports`
// map, so its per-country modules are importable; the CommonJS build is the one Node itself can load.
import * as codiceFiscale from "stdnum/lib/cjs/it/codicefiscale.js";
import type { Finding } from "../detector";
import { contextAround, piiFinding } from "./text";

/** Layout of a personal codice fiscale, omocodes included (digits may be replaced by L–V), one class per char. */
const OMO = "[0-9LMNPQRSTUV]";
const LAYOUT = [..."LLLLLL", "O", "O", "[ABCDEHLMPRST]", "O", "O", "L", "O", "O", "O"].map((c) =>
  c === "L" ? "[A-Z]" : c === "O" ? OMO : c,
);
/**
 * The 16 characters, solid or with a space, dot or dash between any two ("RSS MRA 80A01 H501U",
 * "R S S M R A …"). Separators and code chars are disjoint classes, so matching never backtracks far.
 */
const CODE = new RegExp(`\\b${[...LAYOUT, "[A-Z]"].join("[ .-]?")}\\b`, "gi");
const WITHOUT_CHECK_LETTER = new RegExp(`\\b${LAYOUT.join("")}\\b`, "gi");
const CF_CONTEXT = /codice\s+fiscale|\bcod\.?\s*fisc|\bc\.?\s?f\b\.?|tessera\s+sanitaria/i;

// stdnum checks the layout (omocodes too) and the check letter; it does not check the date, nor do we.
const hasValidCheckLetter = (code: string) => codiceFiscale.validate(code).isValid;

/**
 * Codici fiscali of natural persons. A valid one is a concrete identifier; a solid 16-char code with a wrong check
 * letter, or a 15-char code next to the words "codice fiscale", is a plainly personal but invalid one: review.
 * A spaced-out code counts only when its check letter is right, since words in a row can fake the layout.
 */
export function detectCodiciFiscali(text: string): Finding[] {
  const findings: Finding[] = [];
  CODE.lastIndex = 0;
  for (let m = CODE.exec(text); m !== null; m = CODE.exec(text)) {
    const code = m[0].replace(/[ .-]/g, "").toUpperCase();
    const end = m.index + m[0].length;
    if (hasValidCheckLetter(code)) findings.push(piiFinding("codice-fiscale", m.index, end));
    // Solid and with at least one digit: a 16-letter word can fit the layout by chance.
    else if (m[0].length === 16 && /\d/.test(code)) {
      findings.push(piiFinding("codice-fiscale-invalid", m.index, end, { clearCut: false }));
    }
    // Words in a row ("lascio questo L L P A …") can fit the spaced layout and swallow the start of a real code.
    else CODE.lastIndex = m.index + 1;
  }
  if (!CF_CONTEXT.test(text)) return findings;
  for (const m of text.matchAll(WITHOUT_CHECK_LETTER)) {
    if (/\d/.test(m[0]) && contextAround(text, m.index, m.index + 15, CF_CONTEXT)) {
      findings.push(piiFinding("codice-fiscale-invalid", m.index, m.index + 15, { clearCut: false }));
    }
  }
  return findings;
}
