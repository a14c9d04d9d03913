/**
 * What every platform's webhook route shares once a delivery's bytes are in hand: bounds on what is read, and
 * the shape a normaliser reports in. Pure: the ingress function answers HTTP from these results.
 */
import type { Item } from "@sentinella/core";

/** Events acknowledged but not queued, counted by why (for logs and metrics). */
export interface EventCount {
  reason: string;
  count: number;
}

/**
 * One delivery as Items, plus what was left out. `ignored`: events Sentinella does not moderate (likes,
 * reactions, accounts no deployment runs). `rejected`: events it should have read and could not (malformed);
 * a signed delivery that would never be readable is still acknowledged (the platform would retry it for days),
 * so ingress records these in a warning and the `EventsRejected` metric, which has an alarm.
 */
export interface NormalisedWebhook {
  items: Item[];
  ignored: EventCount[];
  rejected: EventCount[];
}

/** Counts events by reason as a normaliser meets them. */
export class EventTally {
  private readonly ignoredByReason = new Map<string, number>();
  private readonly rejectedByReason = new Map<string, number>();

  ignore(reason: string, count = 1): void {
    if (count > 0) this.ignoredByReason.set(reason, (this.ignoredByReason.get(reason) ?? 0) + count);
  }

  reject(reason: string, count = 1): void {
    if (count > 0) this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + count);
  }

  result(items: Item[]): NormalisedWebhook {
    const counts = (byReason: Map<string, number>) => [...byReason].map(([reason, count]) => ({ reason, count }));
    return { items, ignored: counts(this.ignoredByReason), rejected: counts(this.rejectedByReason) };
  }
}

/**
 * A platform's word from a payload (a field, verb or object name) as it may appear in a reason, a log or a metric:
 * the word itself when it looks like vocabulary, "other" otherwise, so no content of a body ever reaches a log.
 */
export function vocabulary(word: string): string {
  return /^[a-z][a-z0-9_.-]{0,39}$/i.test(word) ? word : "other";
}

export const webhookLimits = {
  /**
   * Largest body read. API Gateway takes up to 10 MB and Lambda 6 MB per invocation; Meta batches at most 1000
   * updates, which in practice is a few hundred KB. Anything larger is refused with 413 before any work.
   */
  maxBodyBytes: 5 * 1024 * 1024,
  /**
   * Deepest nesting of arrays and objects. Meta's deepest payload (messaging → message → attachments → payload)
   * is 7 levels; 5,000 levels overflow the stack of JSON.stringify when the item is queued.
   */
  maxDepth: 32,
} as const;

export type WebhookBody =
  | { ok: true; body: unknown }
  | { ok: false; status: 400 | 413; reason: "too_large" | "not_json" | "too_deep" };

/**
 * The JSON document in a delivery's bytes, within `webhookLimits`. Depth is checked on the text before parsing:
 * JSON.parse has no depth option, and walking the parsed value would recurse as deep as the attack does.
 */
export function parseWebhookBody(rawBody: Buffer, limits = webhookLimits): WebhookBody {
  if (rawBody.length > limits.maxBodyBytes) return { ok: false, status: 413, reason: "too_large" };
  const text = rawBody.toString("utf8");
  if (nestingDepth(text) > limits.maxDepth) return { ok: false, status: 400, reason: "too_deep" };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, reason: "not_json" };
  }
}

/** The deepest nesting of `[` and `{` outside strings: one linear scan, whatever the text (valid JSON or not). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; a quote ends the string.
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/** The earliest time a social media event can carry: no platform Sentinella reads existed before 2004. */
const earliestEventTime = Date.UTC(2004, 0, 1);
/** How far a platform's clock may run ahead of ours before its time is taken for garbage. */
const allowedClockSkewMs = 24 * 3600 * 1000;

/**
 * A time a platform gave for an event, if it is plausible: after 2004 and not more than a day after the
 * delivery arrived. Otherwise undefined, so the normaliser falls back to the notification's or arrival time:
 * a comment with a nonsense timestamp is still a comment to moderate (and year 10000 is no ISO date).
 */
export function plausibleTime(date: Date | undefined, receivedAt: Date): Date | undefined {
  if (date === undefined) return undefined;
  const time = date.getTime();
  return time >= earliestEventTime && time <= receivedAt.getTime() + allowedClockSkewMs ? date : undefined;
}
