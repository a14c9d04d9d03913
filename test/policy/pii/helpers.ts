import type { Item } from "@sentinella/core";
import { expect, it } from "vitest";
import type { DetectorInput } from "../../../packages/policy/src/detector";
import { detectPersonalData } from "../../../packages/policy/src/pii";

/** An entity of our own, with the usual shape of published contacts. */
export const CONTACTS = {
  emails: ["urp@comune.esempio.it", "protocollo@pec.comune.esempio.it"],
  phones: ["0523.795111", "800 123 456", "0585/816343"],
  websites: ["https://www.comune.esempio.it"],
};

export function input(text: string, options: Partial<DetectorInput> = {}): DetectorInput {
  return {
    text,
    kind: "comment" as Item["kind"],
    platform: "facebook",
    postText: "Da lunedì lavori di asfaltatura sulla provinciale, senso unico alternato.",
    electionPeriod: false,
    contacts: CONTACTS,
    allowedDomains: ["comune.esempio.it"],
    recentTextsByAuthor: [],
    ...options,
  };
}

/** Each finding as `ruleId!` (clear-cut) or `ruleId?` (review) followed by the text it covers. */
export function found(text: string, options?: Partial<DetectorInput>): string[] {
  return detectPersonalData(input(text, options)).map(
    (f) => `${f.ruleId}${f.clearCut ? "!" : "?"} ${text.slice(f.start, f.end)}`,
  );
}

/** Each text must yield the finding named (it may yield others). */
export function expectFound(cases: [text: string, expected: string][]) {
  it.each(cases)("%s → %s", (text, expected) => {
    expect(found(text)).toContain(expected);
  });
}

/** Each text must yield no finding at all. */
export function expectNothing(texts: string[]) {
  it.each(texts)("%s → nothing", (text) => {
    expect(found(text)).toEqual([]);
  });
}
