import type { Detector, DetectorInput, Finding } from "../detector";
import { publishedContacts } from "./contacts";
import { detectEmails } from "./email";
import { detectPhones } from "./phone";

/**
 * Every personal identifier in the text, whatever the kind of item: what `redacted` texts mask before storage
 * and alerts.
 */
export function findPersonalData(input: Pick<DetectorInput, "text" | "contacts">): Finding[] {
  const { text } = input;
  const published = publishedContacts(input.contacts);
  return [...detectEmails(text, published), ...detectPhones(text, published)];
}

/**
 * Personal data exposed in public (GUIDE.md, category `pii`). A private message exposes nothing: it is labelled
 * by what it asks, so it yields no finding here (use `findPersonalData` to redact it).
 */
export const detectPersonalData: Detector = (input: DetectorInput): Finding[] =>
  input.kind === "message" ? [] : findPersonalData(input);
