import { nestingDepth, parseWebhookBody, plausibleTime, vocabulary, webhookLimits } from "@sentinella/webhooks";
import { describe, expect, it } from "vitest";

describe("parseWebhookBody", () => {
  it("parses a JSON body within the limits", () => {
    expect(parseWebhookBody(Buffer.from('{"object":"page","entry":[]}'))).toEqual({
      ok: true,
      body: { object: "page", entry: [] },
    });
  });

  it.each([
    ["too large", Buffer.alloc(webhookLimits.maxBodyBytes + 1, " "), 413, "too_large"],
    ["not JSON", Buffer.from('{"object":'), 400, "not_json"],
    ["nested too deep", Buffer.from(`${"[".repeat(33)}${"]".repeat(33)}`), 400, "too_deep"],
    ["deep and broken", Buffer.from("[".repeat(100_000)), 400, "too_deep"],
  ])("refuses a body %s", (_, body, status, reason) => {
    expect(parseWebhookBody(body)).toEqual({ ok: false, status, reason });
  });
});

describe("nestingDepth", () => {
  it("counts brackets outside strings only, escaped quotes included", () => {
    expect(nestingDepth('{"a":[{"b":"[[[{{{"}]}')).toBe(3);
    expect(nestingDepth('{"a":"\\"[[[","b":[1]}')).toBe(2);
    expect(nestingDepth("42")).toBe(0);
  });
});

describe("plausibleTime", () => {
  const receivedAt = new Date("2026-01-01T10:00:00Z");
  it.each([
    ["an ordinary time", "2025-12-31T23:59:59Z", true],
    ["a time an hour ahead of our clock", "2026-01-01T11:00:00Z", true],
    ["a time two days ahead", "2026-01-03T10:00:00Z", false],
    ["a time before 2004", "2003-12-31T23:59:59Z", false],
  ])("%s", (_, iso, kept) => {
    expect(plausibleTime(new Date(iso), receivedAt)?.toISOString()).toBe(
      kept ? new Date(iso).toISOString() : undefined,
    );
  });
});

describe("vocabulary", () => {
  it("keeps a platform's words and hides anything else", () => {
    expect(vocabulary("live_comments")).toBe("live_comments");
    expect(vocabulary("Mario Rossi, via Roma 1")).toBe("other");
    expect(vocabulary("__proto__")).toBe("other");
  });
});
