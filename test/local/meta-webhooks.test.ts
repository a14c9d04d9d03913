import { metaJson, metaSignature, metaWebhook } from "@sentinella/local";
import { verifyMetaSignature } from "@sentinella/webhooks";
import { describe, expect, it } from "vitest";

describe("signed Meta webhooks for the demo and the end-to-end tests", () => {
  it("serialises and signs as Meta does (the test vector in the platform reference)", () => {
    const body = metaJson({
      object: "page",
      entry: [
        {
          id: "111",
          time: 1767225600,
          changes: [
            {
              field: "feed",
              value: {
                item: "comment",
                verb: "add",
                comment_id: "222_333",
                post_id: "111_222",
                parent_id: "111_222",
                from: { id: "999", name: "Mario Rossi" },
                message: "Quando apre l'ufficio anagrafe? è urgente",
                created_time: 1767225599,
              },
            },
          ],
        },
      ],
    });
    expect(body).toContain("\\u00e8 urgente");
    expect(metaSignature(body, "test-app-secret")).toBe(
      "sha256=13940949dfe94a7c378ba9381c7db854d0da148f04d94e4abdf234a85e68e5ae",
    );
  });

  it("builds a Page comment that ingress accepts as signed", () => {
    const payload = metaWebhook({
      platform: "facebook",
      kind: "comment",
      accountId: "fb-comune-cento",
      id: "p1_c1",
      postId: "fb-comune-cento_p1",
      author: { id: "u1", name: "Lucia Bianchi" },
      text: "Perché la piazza è chiusa?",
      createdAt: new Date("2026-11-27T16:55:00Z"),
    });
    const body = metaJson(payload);
    expect(verifyMetaSignature(Buffer.from(body), metaSignature(body, "s3cret"), "s3cret")).toBe(true);
    expect(JSON.parse(body)).toEqual(payload);
  });
});
