import { stdnum } from "stdnum";
import type { Finding } from "../detector";
import { contextAround, isAsciiAlnum, piiFinding } from "./text";

/** Layout of a personal codice fiscale, omocodes included (digits may be replaced by L–V). */
const OMO = "[0-9LMNPQRSTUV]";
const BODY = `[A-Z]{6}${OMO}{2}[ABCDEHLMPRST]${OMO}{2}[A-Z]${OMO}{3}`;
const WRITTEN_SOLID = new RegExp(`\\b${BODY}[A-Z]\\b`, "gi");
/** The same 16 characters anywhere in the text with separators removed ("RSS MRA 80A01 H501U"). */
const ANYWHERE = new RegExp(`${BODY}[A-Z]`, "gi");
const WITHOUT_CHECK_LETTER = new RegExp(`\\b${BODY}\\b`, "gi");
const CF_CONTEXT = /codice\s+fiscale|\bc\.?\s?f\b\.?|tessera\s+sanitaria/i;

// stdnum checks the layout (omocodes too) and the check letter; it does not check the date, nor do we.
const validator = stdnum.IT?.codicefiscale;
if (!validator) throw new Error("stdnum has no Italian codice fiscale validator");
const hasValidCheckLetter = (code: string) => validator.validate(code).isValid;

/** The text without the spaces, dots and dashes people put inside codes, with the offset of each char kept. */
function withoutSeparators(text: string): { text: string; at: Int32Array } {
  const at = new Int32Array(text.length);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const separator = ch === " " || ch === "." || ch === "-";
    if (separator && isAsciiAlnum(text.charCodeAt(i - 1)) && isAsciiAlnum(text.charCodeAt(i + 1))) continue;
    at[out.length] = i;
    out += ch;
  }
  return { text: out, at };
}

/**
 * Codici fiscali of natural persons. A valid one is a concrete identifier; a solid 16-char code with a wrong check
 * letter, or a 15-char code next to the words "codice fiscale", is a plainly personal but invalid one: review.
 * A spaced-out code counts only when its check letter is right, since joining words can fake the layout.
 */
export function detectCodiciFiscali(text: string, digits: number): Finding[] {
  const findings: Finding[] = [];
  for (const m of text.matchAll(WRITTEN_SOLID)) {
    const code = m[0].toUpperCase();
    const valid = hasValidCheckLetter(code);
    // Without a single digit, a 16-letter word fits the layout by chance.
    if (!valid && !/\d/.test(code)) continue;
    findings.push(
      piiFinding(valid ? "codice-fiscale" : "codice-fiscale-invalid", m.index, m.index + 16, { clearCut: valid }),
    );
  }
  for (const m of text.matchAll(WITHOUT_CHECK_LETTER)) {
    if (/\d/.test(m[0]) && contextAround(text, m.index, m.index + 15, CF_CONTEXT)) {
      findings.push(piiFinding("codice-fiscale-invalid", m.index, m.index + 15, { clearCut: false }));
    }
  }
  // A codice fiscale has seven digits, fewer only for rare omocodes: skip the costlier spaced search otherwise.
  if (digits < 5) return findings;
  const joined = withoutSeparators(text);
  if (joined.text.length === text.length) return findings;
  ANYWHERE.lastIndex = 0;
  for (let m = ANYWHERE.exec(joined.text); m !== null; m = ANYWHERE.exec(joined.text)) {
    const start = joined.at[m.index] as number;
    const end = (joined.at[m.index + 15] as number) + 1;
    const spaced = end - start > 16;
    const bounded = !isAsciiAlnum(text.charCodeAt(start - 1)) && !isAsciiAlnum(text.charCodeAt(end));
    if (spaced && bounded && hasValidCheckLetter(m[0].toUpperCase())) {
      findings.push(piiFinding("codice-fiscale", start, end));
      continue;
    }
    ANYWHERE.lastIndex = m.index + 1;
  }
  return findings;
}
