import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const signaturePattern = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex>` header: an HMAC-SHA256 of the exact request bytes keyed
 * with the app secret. Hash the raw bytes, never a re-serialised body: Meta signs its own escaped-unicode JSON
 * ("\u00e8"), which `JSON.stringify` would turn into a literal "è" and a different hash.
 */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const hex = header?.trim().match(signaturePattern)?.[1];
  if (!hex || !secret) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  // The pattern fixes the length at 32 bytes, so timingSafeEqual never sees buffers of different sizes.
  return timingSafeEqual(Buffer.from(hex, "hex"), expected);
}

/** The GET handshake: the challenge to echo back when Meta's subscribe request carries our verify token. */
export function metaSubscriptionChallenge(
  query: Readonly<Record<string, string | undefined>> | undefined,
  verifyToken: string,
): string | undefined {
  const token = query?.["hub.verify_token"];
  const challenge = query?.["hub.challenge"];
  if (query?.["hub.mode"] !== "subscribe" || token === undefined || challenge === undefined) return undefined;
  return sameSecret(token, verifyToken) ? challenge : undefined;
}

/**
 * Constant-time comparison of a presented secret with the expected one, whatever their lengths: both are hashed
 * to 32 bytes first, so neither a length mismatch nor the position of the first differing byte shows in the time.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}
