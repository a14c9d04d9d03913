import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Clock, type StaffRole, systemClock } from "@sentinella/core";
import { Hono } from "hono";
import { html } from "hono/html";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

export interface SeededUser {
  username: string;
  password: string;
  email: string;
  /** "<entity id>:<role>", as the Cognito groups are named. */
  groups: string[];
}

/**
 * The users local mode signs in with: a moderator, an auditor and an admin ("responsabile") of the first entity, a
 * moderator of the second (to see that entities stay apart), and an admin of every entity.
 */
export function seededUsers(entityIds: readonly string[]): SeededUser[] {
  const user = (username: string, groups: [string | undefined, StaffRole][]): SeededUser => ({
    username,
    password: "sentinella",
    email: `${username}@sentinella.local`,
    groups: groups.flatMap(([entity, role]) => (entity ? [`${entity}:${role}`] : [])),
  });
  const [first, second] = entityIds;
  return [
    user("moderatore", [[first, "moderator"]]),
    user("revisore", [[first, "auditor"]]),
    user("responsabile", [[first, "admin"]]),
    ...(second ? [user("moderatore2", [[second, "moderator"]])] : []),
    user(
      "admin",
      entityIds.map((entity) => [entity, "admin"]),
    ),
  ];
}

export interface LocalOidcIssuerOptions {
  port?: number;
  users: SeededUser[];
  /** The console's app client: its id and the callback URLs it may be sent back to. */
  client: { clientId: string; redirectUris: string[] };
  /** Lifetime of the tokens it issues (Cognito's default ID token lifetime is one hour). */
  tokenTtlSeconds?: number;
  clock?: Clock;
}

export interface LocalOidcIssuer {
  issuer: string;
  users: SeededUser[];
  clientId: string;
  /** An ID token for a seeded user as the token endpoint would issue it; `expiresInSeconds` may be negative. */
  mintIdToken(username: string, options?: { expiresInSeconds?: number }): Promise<string>;
  stop(): Promise<void>;
}

interface PendingCode {
  user: SeededUser;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  expiresAt: number;
}

/**
 * A small OpenID Connect issuer on loopback with seeded users, standing in for Cognito's hosted login in local
 * mode: discovery, JWKS, the authorization code flow with PKCE (S256) and ID tokens shaped as Cognito's (token_use,
 * cognito:username, cognito:groups). Hand-written on jose: the full providers on npm (oidc-provider) need an
 * adapter, interactions and a configuration larger than this whole stand-in, for a login page with five users.
 */
export async function startLocalOidcIssuer(options: LocalOidcIssuerOptions): Promise<LocalOidcIssuer> {
  const clock = options.clock ?? systemClock;
  const ttl = options.tokenTtlSeconds ?? 3600;
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const codes = new Map<string, PendingCode>();
  const app = new Hono();
  let issuer = "";

  const findUser = (username: string) => options.users.find((u) => u.username === username);

  async function idToken(user: SeededUser, claims: { nonce?: string; expiresInSeconds?: number }) {
    const now = Math.floor(clock.now().getTime() / 1000);
    return new SignJWT({
      email: user.email,
      "cognito:username": user.username,
      "cognito:groups": user.groups,
      token_use: "id",
      ...(claims.nonce ? { nonce: claims.nonce } : {}),
    })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(issuer)
      .setAudience(options.client.clientId)
      .setSubject(`sub-${user.username}`)
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expiresInSeconds ?? ttl))
      .setJti(randomUUID())
      .sign(privateKey);
  }

  app.get("/.well-known/openid-configuration", (c) =>
    c.json({
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth2/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["none"],
      scopes_supported: ["openid", "email"],
    }),
  );
  app.get("/.well-known/jwks.json", (c) => c.json({ keys: [jwk] }));

  const loginForm = (query: Record<string, string>, error?: string) =>
    html`<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accesso · Sentinella (locale)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem;color:#111}label{display:block;font-weight:600;margin-top:.75rem}input{font:inherit;padding:.4rem;width:100%;border:2px solid #8a8a8a;border-radius:4px}button{font:inherit;margin-top:1rem;padding:.5rem 1rem;background:#0b4a8b;color:#fff;border:0;border-radius:4px}.error{color:#8b0000;font-weight:600}</style></head>
<body><h1>Accesso a Sentinella</h1><p>Fornitore di identità locale (al posto di Cognito).</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form method="post" action="/oauth2/authorize">
${Object.entries(query).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<label for="username">Nome utente</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Accedi</button></form></body></html>`;

  /** The authorization request's parameters, checked as Cognito checks them; an error string otherwise. */
  function authorizationRequest(params: Record<string, string | undefined>): Record<string, string> | string {
    if (params.client_id !== options.client.clientId) return "client_id sconosciuto";
    if (!params.redirect_uri || !options.client.redirectUris.includes(params.redirect_uri))
      return "redirect_uri non registrato";
    if (params.response_type !== "code") return "response_type deve essere code";
    if (!params.code_challenge || params.code_challenge_method !== "S256") return "PKCE (S256) obbligatorio";
    const keep = [
      "client_id",
      "redirect_uri",
      "response_type",
      "code_challenge",
      "code_challenge_method",
      "state",
      "nonce",
      "scope",
    ];
    return Object.fromEntries(keep.flatMap((k) => (params[k] ? [[k, params[k] as string]] : [])));
  }

  app.get("/oauth2/authorize", (c) => {
    const request = authorizationRequest(c.req.query());
    if (typeof request === "string") return c.text(request, 400);
    return c.html(loginForm(request));
  });

  app.post("/oauth2/authorize", async (c) => {
    const body = Object.fromEntries(
      Object.entries(await c.req.parseBody()).map(([k, v]) => [k, typeof v === "string" ? v : undefined]),
    );
    const request = authorizationRequest(body);
    if (typeof request === "string") return c.text(request, 400);
    const user = findUser(body.username ?? "");
    if (!user || user.password !== body.password)
      return c.html(loginForm(request, "Nome utente o password errati."), 401);
    const code = randomBytes(24).toString("base64url");
    codes.set(code, {
      user,
      redirectUri: request.redirect_uri as string,
      codeChallenge: request.code_challenge as string,
      nonce: request.nonce,
      expiresAt: clock.now().getTime() + 60_000,
    });
    const back = new URL(request.redirect_uri as string);
    back.searchParams.set("code", code);
    if (request.state) back.searchParams.set("state", request.state);
    return c.redirect(back.href, 302);
  });

  app.post("/oauth2/token", async (c) => {
    const body = await c.req.parseBody();
    const code = codes.get(String(body.code ?? ""));
    codes.delete(String(body.code ?? ""));
    const verifier = String(body.code_verifier ?? "");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      body.grant_type !== "authorization_code" ||
      !code ||
      code.expiresAt < clock.now().getTime() ||
      body.client_id !== options.client.clientId ||
      body.redirect_uri !== code.redirectUri ||
      challenge !== code.codeChallenge
    ) {
      return c.json({ error: "invalid_grant" }, 400);
    }
    return c.json({
      id_token: await idToken(code.user, { nonce: code.nonce }),
      access_token: randomBytes(24).toString("base64url"),
      token_type: "Bearer",
      expires_in: ttl,
    });
  });

  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    users: options.users,
    clientId: options.client.clientId,
    async mintIdToken(username, mint = {}) {
      const user = findUser(username);
      if (!user) throw new Error(`no seeded user ${username}`);
      return idToken(user, mint);
    },
    stop: () =>
      new Promise((resolve, reject) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
