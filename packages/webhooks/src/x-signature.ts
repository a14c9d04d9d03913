import { createHmac, timingSafeEqual } from "node:crypto";

/** base64 of an HMAC-SHA256: 44 characters ending in one "=". */
const signaturePattern = /^sha256=([A-Za-z0-9+/]{43}=)$/;

/**
 * The answer to X's Challenge-Response Check (`GET <webhook>?crc_token=…`): `sha256=` and the base64 HMAC-SHA256
 * of the token keyed with the app's consumer secret, returned as `{"response_token": …}` within three seconds.
 * https://developer.x.com/en/docs/x-api/enterprise/account-activity-api/guides/securing-webhooks
 */
export function xCrcResponseToken(crcToken: string, consumerSecret: string): string {
  return `sha256=${createHmac("sha256", consumerSecret).update(crcToken).digest("base64")}`;
}

/**
 * Checks `x-twitter-webhooks-signature: sha256=<base64>`: an HMAC-SHA256 of the exact request bytes keyed with the
 * consumer secret. Hash the raw bytes, never a re-serialised body.
 */
export function verifyXSignature(rawBody: Buffer, header: string | undefined, consumerSecret: string): boolean {
  const encoded = header?.trim().match(signaturePattern)?.[1];
  if (!encoded || !consumerSecret) return false;
  const expected = createHmac("sha256", consumerSecret).update(rawBody).digest();
  // The pattern fixes the length at 32 bytes, so timingSafeEqual never sees buffers of different sizes.
  return timingSafeEqual(Buffer.from(encoded, "base64"), expected);
}
