import { createHmac } from "node:crypto";
import { metaSubscriptionChallenge, sameSecret, verifyMetaSignature } from "@sentinella/webhooks";
import { describe, expect, it } from "vitest";
import { fixtureBytes } from "./fixtures";

const secret = "test-app-secret";
const sign = (body: Buffer, key = secret) => `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;

describe("verifyMetaSignature", () => {
  // Kept as a .body file so no formatter ever rewrites its bytes; Meta escapes "è" as \u00e8.
  const accented = fixtureBytes("fb-comment-accented.body");

  it("accepts the reference vector computed over Meta's escaped-unicode body", () => {
    expect(accented.toString("utf8")).toContain("\\u00e8 urgente");
    const header = "sha256=13940949dfe94a7c378ba9381c7db854d0da148f04d94e4abdf234a85e68e5ae";
    expect(verifyMetaSignature(accented, header, secret)).toBe(true);
  });

  it("rejects the signature of the same object re-serialised with a literal è", () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(accented.toString("utf8"))));
    expect(reserialised.toString("utf8")).toContain("è urgente");
    expect(verifyMetaSignature(accented, sign(reserialised), secret)).toBe(false);
    expect(verifyMetaSignature(reserialised, sign(accented), secret)).toBe(false);
  });

  it("checks the bytes of a base64-encoded API Gateway body once decoded", () => {
    const event = { body: accented.toString("base64"), isBase64Encoded: true };
    const decoded = Buffer.from(event.body, "base64");
    expect(verifyMetaSignature(decoded, sign(accented), secret)).toBe(true);
    expect(verifyMetaSignature(Buffer.from(event.body), sign(accented), secret)).toBe(false);
  });

  it("accepts upper-case hex and surrounding spaces", () => {
    const header = sign(accented).replace(/[0-9a-f]{64}$/, (hex) => hex.toUpperCase());
    expect(verifyMetaSignature(accented, ` ${header} `, secret)).toBe(true);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["without the sha256= prefix", sign(accented).slice("sha256=".length)],
    ["the legacy sha1 form", `sha1=${createHmac("sha1", secret).update(accented).digest("hex")}`],
    ["too short", sign(accented).slice(0, -2)],
    ["too long", `${sign(accented)}00`],
    ["valid hex followed by junk", `${sign(accented)}zz`],
    ["not hex", `sha256=${"z".repeat(64)}`],
    ["signed with another secret", sign(accented, "another-secret")],
  ])("rejects a header that is %s", (_, header) => {
    expect(verifyMetaSignature(accented, header, secret)).toBe(false);
  });

  it("rejects everything when the secret is empty", () => {
    expect(verifyMetaSignature(accented, sign(accented, ""), "")).toBe(false);
  });
});

describe("metaSubscriptionChallenge", () => {
  const query = { "hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "token-segreto" };

  it("returns the challenge when the verify token matches", () => {
    expect(metaSubscriptionChallenge(query, "token-segreto")).toBe("1158201444");
  });

  it.each([
    ["a wrong token", { ...query, "hub.verify_token": "token-sbagliato" }],
    ["a token of another length", { ...query, "hub.verify_token": "x" }],
    ["no token", { "hub.mode": "subscribe", "hub.challenge": "1" }],
    ["another mode", { ...query, "hub.mode": "unsubscribe" }],
    ["no challenge", { "hub.mode": "subscribe", "hub.verify_token": "token-segreto" }],
  ])("refuses %s", (_, q) => {
    expect(metaSubscriptionChallenge(q, "token-segreto")).toBeUndefined();
  });

  it("refuses a request without a query string", () => {
    expect(metaSubscriptionChallenge(undefined, "token-segreto")).toBeUndefined();
  });
});

describe("sameSecret", () => {
  it("matches only the same secret, whatever the lengths", () => {
    expect(sameSecret("token-segreto", "token-segreto")).toBe(true);
    expect(sameSecret("token-segret", "token-segreto")).toBe(false);
    expect(sameSecret("token-segreto-e-altro", "token-segreto")).toBe(false);
    expect(sameSecret("", "")).toBe(false);
  });
});
