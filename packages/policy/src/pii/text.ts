import type { Finding } from "../detector";

/** Identifier kinds, each a rule id `pii.<kind>`. */
export type PiiKind =
  | "email"
  | "pec"
  | "phone"
  | "codice-fiscale"
  | "codice-fiscale-invalid"
  | "iban"
  | "iban-invalid"
  | "payment-card"
  | "payment-card-invalid"
  | "identity-document"
  | "licence-plate"
  | "home-address"
  | "practice-number"
  | "health-fact"
  | "judicial-fact"
  | "private-fact";

/**
 * A finding on `text.slice(start, end)`. Clear-cut findings are concrete identifiers the guide says to hide;
 * the others (formally invalid look-alikes, facts about a named person) go to a human.
 */
export function piiFinding(
  kind: PiiKind,
  start: number,
  end: number,
  { clearCut = true, redact = true }: { clearCut?: boolean; redact?: boolean } = {},
): Finding {
  return {
    category: "pii",
    ruleId: `pii.${kind}`,
    clearCut,
    confidence: clearCut ? 0.95 : 0.6,
    start,
    end,
    ...(redact ? { redact: true } : {}),
  };
}

export const isAsciiDigit = (code: number) => code >= 48 && code <= 57;
export const isAsciiLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
export const isAsciiAlnum = (code: number) => isAsciiDigit(code) || isAsciiLetter(code);

/** Whether `re` matches the `before` chars preceding `start` (context words such as "targa", "codice fiscale"). */
export function contextBefore(text: string, start: number, re: RegExp, before = 60): boolean {
  return re.test(text.slice(Math.max(0, start - before), start));
}

/** Whether `re` matches around the span: `before` chars ahead of it and `after` chars past it. */
export function contextAround(text: string, start: number, end: number, re: RegExp, before = 60, after = 40): boolean {
  return contextBefore(text, start, re, before) || re.test(text.slice(end, end + after));
}

/**
 * A rewritten copy of a text (de-obfuscated e-mail, spelled digits) that remembers where each of its chars came
 * from, so a match in the copy is reported on what the author wrote.
 */
export interface View {
  text: string;
  /** `from[i]`: offset in the original text of the first char behind `text[i]`; `to[i]`: past the last. */
  from: Int32Array;
  to: Int32Array;
}

/** Replaces every match of `re` (global) in `text` by `replace(match)`; replaced chars map to the whole match. */
export function rewriteView(text: string, re: RegExp, replace: (match: RegExpExecArray) => string): View {
  let out = "";
  const from: number[] = [];
  const to: number[] = [];
  let last = 0;
  const keep = (until: number) => {
    for (let i = last; i < until; i++) {
      from.push(i);
      to.push(i + 1);
    }
    out += text.slice(last, until);
  };
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    keep(m.index);
    const end = m.index + m[0].length;
    const replacement = replace(m);
    for (let k = 0; k < replacement.length; k++) {
      from.push(m.index);
      to.push(end);
    }
    out += replacement;
    last = end;
    if (m[0].length === 0) re.lastIndex++;
  }
  keep(text.length);
  return { text: out, from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** The original span behind `view.text.slice(start, end)`. */
export function originalSpan(view: View, start: number, end: number): { start: number; end: number } {
  return { start: view.from[start] ?? 0, end: view.to[end - 1] ?? view.from[start] ?? 0 };
}
