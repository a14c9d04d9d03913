import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The answer to LinkedIn's endpoint validation (`GET <webhook>?challengeCode=…`, again every 2 hours): the code
 * and the hex HMAC-SHA256 of it keyed with the app's client secret, as JSON, within three seconds.
 * https://learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation
 */
export function linkedInChallengeResponse(challengeCode: string, clientSecret: string) {
  return { challengeCode, challengeResponse: createHmac("sha256", clientSecret).update(challengeCode).digest("hex") };
}

/**
 * The forms of `X-LI-Signature` Sentinella accepts. LinkedIn's text ("the HMACSHA256 hash of the JSON-encoded string
 * representation of the POST body prefixed by `hmacsha256=`") reads two ways, and it is unverified which one a live
 * delivery uses:
 * - prefixed: hex HMAC of "hmacsha256=" + body (the documented reading), header the bare hex or with the prefix;
 * - body: hex HMAC of the body alone, header with or without the "hmacsha256=" prefix (what other public code
 *   checks); accepted only when enabled, until a live delivery shows it is the real one.
 */
export type LinkedInSignatureForm = "prefixed" | "body";

const headerPattern = /^(?:hmacsha256=)?([0-9a-f]{64})$/i;

/** Which form the header matched, or undefined when it matches none of the accepted ones. */
export function verifyLinkedInSignature(
  rawBody: Buffer,
  header: string | undefined,
  clientSecret: string,
  options: { acceptBodyOnly: boolean },
): LinkedInSignatureForm | undefined {
  const hex = header?.trim().match(headerPattern)?.[1];
  if (!hex || !clientSecret) return undefined;
  const given = Buffer.from(hex, "hex");
  const hmac = (...parts: Buffer[]) => parts.reduce((h, part) => h.update(part), createHmac("sha256", clientSecret));
  const forms: [LinkedInSignatureForm, Buffer][] = [["prefixed", hmac(Buffer.from("hmacsha256="), rawBody).digest()]];
  if (options.acceptBodyOnly) forms.push(["body", hmac(rawBody).digest()]);
  return forms.find(([, expected]) => timingSafeEqual(given, expected))?.[0];
}
