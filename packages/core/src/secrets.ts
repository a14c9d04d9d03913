import * as z from "zod";

/**
 * The Meta app's secrets (one JSON secret in Secrets Manager; a local file in local mode).
 * Ingress needs the app secret and verify token; the classifier and scheduler need the page tokens.
 */
export const MetaSecrets = z.object({
  appSecret: z.string().min(1),
  verifyToken: z.string().min(1),
  /** Instagram apps created with Instagram Login sign with their own secret. */
  instagramAppSecret: z.string().min(1).optional(),
  /** Page or Instagram account id → access token with pages_manage_engagement / instagram_manage_comments. */
  pageTokens: z.record(z.string(), z.string()).default({}),
});
export type MetaSecrets = z.infer<typeof MetaSecrets>;
