import { Item } from "@sentinella/core";
import { normaliseMetaWebhook } from "@sentinella/webhooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deliver, fuzzedRoutes, metaBody } from "../../support/webhook-fuzz";
import { deployments } from "../../webhooks/fixtures";

const runs = { numRuns: 300 };

describe("Meta normalisation on any input", () => {
  it("never throws, and every item it makes satisfies the Item schema", () => {
    fc.assert(
      fc.property(metaBody, (body) => {
        const { items } = normaliseMetaWebhook(body, { receivedAt: new Date("2026-01-01T10:00:00.000Z"), deployments });
        for (const item of items) expect(Item.safeParse(item).success, JSON.stringify(item)).toBe(true);
      }),
      runs,
    );
  });
});

describe.each(fuzzedRoutes)("the $platform route on any body", (route) => {
  it("signed: never a 5xx, and every queued message parses back to a valid Item", async () => {
    await fc.assert(
      fc.asyncProperty(route.bodies, async (body) => {
        const outcome = await deliver(route, Buffer.from(JSON.stringify(body) ?? "null"));
        expect([200, 400]).toContain(outcome.status);
        expect(outcome.invalidQueued).toBe(0);
      }),
      runs,
    );
  });

  it("signed raw bytes (not always JSON): a 200 or a clear 4xx, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (raw) => {
        const { status } = await deliver(route, Buffer.from(raw));
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
      }),
      runs,
    );
  });

  it("unsigned or wrongly signed: always 401, nothing queued", async () => {
    const signature = fc.option(
      fc.oneof(
        fc.string(),
        fc
          .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 })
          .map((hex) => `sha256=${hex}`),
      ),
      { nil: null },
    );
    await fc.assert(
      fc.asyncProperty(route.bodies, signature, async (body, header) => {
        const outcome = await deliver(route, Buffer.from(JSON.stringify(body) ?? "null"), header);
        expect(outcome.status).toBe(401);
        expect(outcome.queued).toBe(0);
      }),
      runs,
    );
  });
});
