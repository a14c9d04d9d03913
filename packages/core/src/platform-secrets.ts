import * as z from "zod";

/**
 * The secrets of the X, LinkedIn and YouTube apps: one JSON secret per platform in Secrets Manager (a local file
 * in local mode), read once per cold start. Ingress needs only the signing secret; the classifier, the scheduler
 * and the YouTube poller need the tokens, keyed by the platform account id (X user id, LinkedIn organisation id,
 * YouTube channel id) as in EntityDeployment.accounts.
 */

/**
 * An OAuth 2.0 user token; `expiresAt` (ISO) when the platform said, so it can be refreshed before it lapses, and
 * `refreshTokenExpiresAt` where the refresh token itself lapses (LinkedIn's, a year after the member authorised).
 */
export const AccountToken = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.iso.datetime().optional(),
  refreshTokenExpiresAt: z.iso.datetime().optional(),
});
export type AccountToken = z.infer<typeof AccountToken>;

/** A bare string is an access token with nothing known about its expiry. */
const Token = z.union([
  z
    .string()
    .min(1)
    .transform((accessToken) => ({ accessToken })),
  AccountToken,
]);

/** The X app: the consumer secret signs the CRC and every webhook; OAuth 2.0 user tokens per X user id. */
export const XSecrets = z.object({
  consumerSecret: z.string().min(1),
  /** OAuth 2.0 client credentials, used to refresh user tokens (X rotates the refresh token on every use). */
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  tokens: z.record(z.string(), Token).default({}),
});
export type XSecrets = z.infer<typeof XSecrets>;

/** The LinkedIn app: the client secret signs the challenge and every webhook; member tokens per organisation id. */
export const LinkedInSecrets = z.object({
  clientSecret: z.string().min(1),
  clientId: z.string().min(1).optional(),
  tokens: z.record(z.string(), Token).default({}),
});
export type LinkedInSecrets = z.infer<typeof LinkedInSecrets>;

/** The Google project: OAuth client and a token per YouTube channel id (scope youtube.force-ssl). */
export const YouTubeSecrets = z.object({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  tokens: z.record(z.string(), Token).default({}),
});
export type YouTubeSecrets = z.infer<typeof YouTubeSecrets>;
