import { randomBytes } from "node:crypto";
import type { Clock } from "@sentinella/core";
import type { SandboxRequest, SandboxResponse } from "./sandbox-http";

/** A sandbox's accounts: a bare access token, or one with the refresh token the account was granted. */
export type SandboxTokens = Record<string, string | { accessToken: string; refreshToken?: string }>;

/** The app's OAuth client a sandbox expects at its token endpoint. */
export interface SandboxClient {
  clientId: string;
  clientSecret?: string;
}

export interface SandboxOAuthOptions {
  clock: Clock;
  /** The app's OAuth client: the token endpoint refuses any other. */
  clientId: string;
  clientSecret?: string;
  /** Lifetime of an access token the endpoint issues (X: 2 hours, Google: 1 hour, LinkedIn: 60 days). */
  accessTokenSeconds: number;
  /** X rotates the refresh token on every use (the old one is dead); Google and LinkedIn keep it. */
  rotates: boolean;
  /** LinkedIn's refresh tokens lapse a year after the member authorised, however often they are used. */
  refreshTokenSeconds?: number;
  /** Access tokens that never expire, by account (the ones local mode generates), and refresh tokens already granted. */
  tokens: SandboxTokens;
}

export interface SandboxOAuth {
  /** The account a bearer token acts for; undefined when it is unknown or has expired. */
  accountOf(token: string): string | undefined;
  /** An access token this endpoint issued that has expired since (the API answers 401). */
  expired(token: string): boolean;
  /** When an access token expires (undefined: never, or unknown token). */
  expiryOf(token: string): Date | undefined;
  /** The token endpoint: the refresh_token grant, answered as RFC 6749 §5.1/§5.2. */
  token(request: SandboxRequest): SandboxResponse;
  /** What the authorisation flow would give an account: a refresh token (and its lapse, where the platform has one). */
  grant(accountId: string): string;
}

const oauthError = (status: number, error: string, description: string): SandboxResponse => ({
  status,
  body: { error, error_description: description },
});

/**
 * The OAuth 2.0 side of a platform sandbox: issues access tokens that expire, renews them with refresh tokens (rotating
 * them where the platform does, so a refresh token used twice is refused with invalid_grant), and tells the
 * sandbox's routes which account a token is for.
 */
export function sandboxOAuth(options: SandboxOAuthOptions): SandboxOAuth {
  const { clock } = options;
  const access = new Map<string, { accountId: string; expiresAt?: number }>();
  const refresh = new Map<string, { accountId: string; lapsesAt?: number }>();
  const random = () => randomBytes(12).toString("hex");
  for (const [accountId, token] of Object.entries(options.tokens)) {
    const { accessToken, refreshToken } = typeof token === "string" ? { accessToken: token } : token;
    access.set(accessToken, { accountId });
    if (refreshToken) refresh.set(refreshToken, { accountId });
  }

  function authenticated(request: SandboxRequest): boolean {
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, "base64").toString("utf8").split(":")
      : [request.body.client_id, request.body.client_secret];
    return id === options.clientId && (!options.clientSecret || secret === options.clientSecret);
  }

  return {
    accountOf(token) {
      const known = access.get(token);
      if (!known || (known.expiresAt !== undefined && known.expiresAt <= clock.now().getTime())) return undefined;
      return known.accountId;
    },
    expired(token) {
      const expiresAt = access.get(token)?.expiresAt;
      return expiresAt !== undefined && expiresAt <= clock.now().getTime();
    },
    expiryOf(token) {
      const expiresAt = access.get(token)?.expiresAt;
      return expiresAt === undefined ? undefined : new Date(expiresAt);
    },
    token(request) {
      if (request.method !== "POST" || !request.form) {
        return oauthError(400, "invalid_request", "POST a form (application/x-www-form-urlencoded)");
      }
      if (!authenticated(request)) return oauthError(401, "invalid_client", "Client authentication failed");
      if (request.body.grant_type !== "refresh_token") {
        return oauthError(400, "unsupported_grant_type", "Only refresh_token is supported here");
      }
      const now = clock.now().getTime();
      const presented = String(request.body.refresh_token ?? "");
      const grant = refresh.get(presented);
      if (!grant || (grant.lapsesAt !== undefined && grant.lapsesAt <= now)) {
        return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked");
      }
      const accessToken = `${grant.accountId}-access-${random()}`;
      access.set(accessToken, { accountId: grant.accountId, expiresAt: now + options.accessTokenSeconds * 1000 });
      let refreshToken: string | undefined;
      if (options.rotates) {
        refresh.delete(presented);
        refreshToken = `${grant.accountId}-refresh-${random()}`;
        refresh.set(refreshToken, grant);
      }
      const lapse =
        grant.lapsesAt === undefined ? {} : { refresh_token_expires_in: Math.floor((grant.lapsesAt - now) / 1000) };
      return {
        status: 200,
        body: {
          token_type: "bearer",
          access_token: accessToken,
          expires_in: options.accessTokenSeconds,
          ...(refreshToken && { refresh_token: refreshToken }),
          ...lapse,
        },
      };
    },
    grant(accountId) {
      const refreshToken = `${accountId}-refresh-${random()}`;
      const lapsesAt =
        options.refreshTokenSeconds === undefined
          ? undefined
          : clock.now().getTime() + options.refreshTokenSeconds * 1000;
      refresh.set(refreshToken, { accountId, ...(lapsesAt !== undefined && { lapsesAt }) });
      return refreshToken;
    },
  };
}
