import type { Category, Contacts, Item } from "@sentinella/core";
import type { Analysis } from "./language/analysis";

/** What every detector sees: the item's text and the little context a moderator would have. */
export interface DetectorInput {
  text: string;
  kind: Item["kind"];
  platform: Item["platform"];
  postText?: string;
  /** The item sits under a post published during an election campaign (par condicio). */
  electionPeriod: boolean;
  /** The entity's published contacts: never personal data. */
  contacts: Contacts;
  /** Institutional and news domains whose links are never spam. */
  allowedDomains: readonly string[];
  /** Recent texts by the same author on the same account, newest first, identifiers masked (repetition spam). */
  recentTextsByAuthor: readonly string[];
  /** `text` with identifiers masked as in `recentTextsByAuthor`; set when there is history to compare it with. */
  maskedText?: string;
  /** `analyse(text)` when the caller built it already (the engine shares it with the statistical layer). */
  analysis?: Analysis;
}

/** One rule firing on one stretch of text. */
export interface Finding {
  category: Category;
  /** Stable id of the rule, e.g. "pii.codice-fiscale", "insult.strong": auditors and tests refer to it. */
  ruleId: string;
  /** Clear-cut in the guide's sense; otherwise the item needs a human. */
  clearCut: boolean;
  confidence: number;
  /** UTF-16 offsets into `text`. */
  start: number;
  end: number;
  /** Mask this span in the redacted text (personal identifiers). */
  redact?: boolean;
}

export type Detector = (input: DetectorInput) => Finding[];
