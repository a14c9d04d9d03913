import type { Clock } from "@sentinella/core";
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { type Principal, principalFromClaims } from "./principal";

export interface IdentityProvider {
  /** The issuer URL: Cognito's `https://cognito-idp.<region>.amazonaws.com/<pool id>`, or the local issuer. */
  issuer: string;
  /** The app client id: the `aud` of the ID tokens the console accepts. */
  clientId: string;
  /** Where the provider sends the browser back after sign-in (`/console/auth/callback`). */
  redirectUri: string;
  /** Local mode: the issuer is plain http on loopback. */
  allowHttp?: boolean;
  /** The key set to verify with; by default fetched (and cached) from the issuer's JWKS. */
  jwks?: JWTVerifyGetKey;
}

/**
 * Verifies a session's ID token as the HTTP API's JWT authorizer does (signature against the issuer's JWKS,
 * issuer, audience, expiry) and reads entity and role from its claims. Every request goes through it again.
 */
export function createTokenVerifier(provider: IdentityProvider, clock: Clock) {
  const jwks =
    provider.jwks ?? createRemoteJWKSet(new URL(`${provider.issuer.replace(/\/$/, "")}/.well-known/jwks.json`));
  return async (token: string): Promise<Principal> => {
    const { payload } = await jwtVerify(token, jwks, {
      issuer: provider.issuer,
      audience: provider.clientId,
      currentDate: clock.now(),
      requiredClaims: ["exp", "iat", "sub"],
    });
    // Cognito issues ID and access tokens from the same keys: only an ID token opens a console session.
    if (payload.token_use !== "id") throw new Error("not an ID token");
    return principalFromClaims(payload);
  };
}

/** What the browser keeps (signed) between the redirect to the provider and its return. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The console page to return to. */
  returnTo: string;
}

/**
 * The authorization code flow with PKCE (a public client: no secret to keep), through openid-client:
 * Cognito's hosted login in AWS, the local issuer in local mode.
 */
export async function createSignIn(provider: IdentityProvider) {
  const config = await oidc.discovery(
    new URL(provider.issuer),
    provider.clientId,
    undefined,
    oidc.None(),
    provider.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  return {
    async start(returnTo: string): Promise<{ url: URL; pending: PendingSignIn }> {
      const pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        returnTo,
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: provider.redirectUri,
        scope: "openid email",
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: "S256",
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    },
    /** Exchanges the code the provider returned for the ID token (checked for state, nonce and PKCE). */
    async finish(callbackUrl: URL, pending: PendingSignIn): Promise<string> {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      if (!tokens.id_token) throw new Error("the identity provider returned no ID token");
      return tokens.id_token;
    },
  };
}
export type SignIn = Awaited<ReturnType<typeof createSignIn>>;
