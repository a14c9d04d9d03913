import { type AccountToken, type EntityDeployment, PlatformError, type StaffAlert } from "@sentinella/core";
import * as z from "zod";
import { fetchPlatform, jsonBody, parsedAnswer } from "./http";

/** The platforms whose user tokens expire and are renewed with a refresh token (Meta's Page tokens do not). */
export type TokenPlatform = "x" | "linkedin" | "youtube";

/** The app's OAuth client, as the platform's secret holds it. */
export interface OAuthClient {
  clientId?: string;
  clientSecret?: string;
}

/**
 * How long before its expiry a token is renewed, per platform: X's access tokens last 2 hours, Google's 1 hour,
 * LinkedIn's 60 days (its refresh tokens a year, not extended by use).
 */
export const renewAheadSeconds: Record<TokenPlatform, number> = { x: 30 * 60, youtube: 10 * 60, linkedin: 7 * 86400 };

/** Staff hear of a token that will lapse without renewal (none possible, or refused) this long before. */
export const alertAheadDays = 7;

/**
 * Where a token stands: `renew` (renewable, within its platform's window), `expiring` (lapses within
 * `alertAheadDays` and cannot be renewed: someone must re-authorise the account), `expired`, `valid`, `unknown` (no
 * expiry known: tokens pasted by hand), `missing`. `lapsesAt` is when the account stops working without a person:
 * the refresh token's expiry when there is one, otherwise the access token's.
 */
export interface TokenHealth {
  state: "missing" | "unknown" | "valid" | "renew" | "expiring" | "expired";
  expiresAt?: string;
  lapsesAt?: string;
  renewable: boolean;
}

export function tokenHealth(
  platform: TokenPlatform,
  token: AccountToken | undefined,
  client: OAuthClient,
  now: Date,
): TokenHealth {
  if (!token) return { state: "missing", renewable: false };
  const refreshLapse = token.refreshTokenExpiresAt && Date.parse(token.refreshTokenExpiresAt);
  const renewable = Boolean(token.refreshToken && client.clientId) && (!refreshLapse || refreshLapse > now.getTime());
  const lapsesAt = renewable ? (token.refreshTokenExpiresAt ?? undefined) : token.expiresAt;
  const base = {
    renewable,
    ...(token.expiresAt && { expiresAt: token.expiresAt }),
    ...(lapsesAt && { lapsesAt }),
  };
  // Renewed only once its expiry is known: a token pasted without one is left alone (and `accounts check` says so).
  if (!token.expiresAt) return { state: "unknown", ...base };
  const left = Date.parse(token.expiresAt) - now.getTime();
  if (renewable && left <= renewAheadSeconds[platform] * 1000) return { state: "renew", ...base };
  if (left <= 0) return { state: "expired", ...base };
  const lapseLeft = lapsesAt ? Date.parse(lapsesAt) - now.getTime() : Number.POSITIVE_INFINITY;
  if (lapseLeft <= alertAheadDays * 86400_000) return { state: "expiring", ...base };
  return { state: "valid", ...base };
}

/** Each platform's token endpoint (RFC 6749 refresh_token grant), as a path on its OAuth host. */
export const tokenEndpoints: Record<TokenPlatform, { host: string; path: string }> = {
  // https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token: a confidential client authenticates
  // with HTTP Basic; the refresh token rotates on every use.
  x: { host: "https://api.x.com", path: "/2/oauth2/token" },
  // https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens
  linkedin: { host: "https://www.linkedin.com", path: "/oauth/v2/accessToken" },
  // https://developers.google.com/identity/protocols/oauth2/web-server#offline
  youtube: { host: "https://oauth2.googleapis.com", path: "/token" },
};

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().positive().optional(),
});

const OAuthError = z.object({ error: z.string().optional(), error_description: z.string().optional() });

/**
 * A new access token for `token`, from the platform's token endpoint. The answer's refresh token replaces the old
 * one (X rotates it: the old one is dead from now on, so the caller must store the result before anything else); a
 * platform that keeps it (Google, LinkedIn) answers none and the old one stays. `invalid_grant` (revoked, expired,
 * already used) is `auth`: a person must re-authorise the account; 429 throttled, 5xx transient.
 */
export async function refreshAccountToken(
  platform: TokenPlatform,
  token: AccountToken,
  client: OAuthClient,
  options: { host?: string; now: Date; timeoutMs?: number },
): Promise<AccountToken> {
  if (!token.refreshToken || !client.clientId) {
    throw new PlatformError("auth", "not_renewable", `${platform}: no refresh token or client id to renew with`);
  }
  const { host, path } = tokenEndpoints[platform];
  const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: token.refreshToken });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (platform === "x" && client.clientSecret) {
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
  } else {
    form.set("client_id", client.clientId);
    if (client.clientSecret) form.set("client_secret", client.clientSecret);
  }
  const apiName = `${platform} token endpoint`;
  const response = await fetchPlatform(apiName, `${options.host ?? host}${path}`, {
    method: "POST",
    headers,
    body: form.toString(),
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const json = await jsonBody(response);
  if (!response.ok) {
    const { error = `http_${response.status}`, error_description: detail = `HTTP ${response.status}` } =
      OAuthError.safeParse(json).data ?? {};
    if (response.status === 429) throw new PlatformError("throttled", error, detail, 60);
    if (response.status >= 500) throw new PlatformError("transient", error, detail);
    throw new PlatformError("auth", error, detail);
  }
  const answer = parsedAnswer(apiName, TokenAnswer, json);
  const at = (seconds: number | undefined) =>
    seconds === undefined ? undefined : new Date(options.now.getTime() + seconds * 1000).toISOString();
  const expiresAt = at(answer.expires_in);
  const refreshTokenExpiresAt = at(answer.refresh_token_expires_in) ?? token.refreshTokenExpiresAt;
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? token.refreshToken,
    ...(expiresAt && { expiresAt }),
    ...(refreshTokenExpiresAt && { refreshTokenExpiresAt }),
  };
}

/** What the platform says of an access token when asked: whether it works, and until when where it tells. */
export interface TokenCheck {
  working: boolean;
  expiresAt?: string;
  detail: string;
}

const IntrospectAnswer = z.object({
  active: z.boolean(),
  status: z.string().optional(),
  expires_at: z.number().optional(),
});
const TokenInfoAnswer = z.object({ expires_in: z.union([z.number(), z.string()]).optional() });

/**
 * Asks the platform about an access token with the cheapest call that needs it and spends no quota: X's
 * `GET /2/users/me`, LinkedIn's token introspection (`POST /oauth/v2/introspectToken`, with the app's client), Google's
 * `GET /tokeninfo`. A network failure is reported as a failed check, not thrown.
 */
export async function checkAccountToken(
  platform: TokenPlatform,
  accessToken: string,
  client: OAuthClient,
  options: { host?: string; now: Date; timeoutMs?: number },
): Promise<TokenCheck> {
  const host = options.host ?? tokenEndpoints[platform].host;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const apiName = `${platform} token check`;
  try {
    if (platform === "x") {
      const response = await fetchPlatform(apiName, `${host}/2/users/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
        timeoutMs,
      });
      return response.ok
        ? { working: true, detail: "GET /2/users/me: 200" }
        : { working: false, detail: `GET /2/users/me: HTTP ${response.status}` };
    }
    if (platform === "linkedin") {
      const form = new URLSearchParams({ token: accessToken, client_id: client.clientId ?? "" });
      if (client.clientSecret) form.set("client_secret", client.clientSecret);
      const response = await fetchPlatform(apiName, `${host}/oauth/v2/introspectToken`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
        timeoutMs,
      });
      if (!response.ok) return { working: false, detail: `introspectToken: HTTP ${response.status}` };
      const answer = parsedAnswer(apiName, IntrospectAnswer, await jsonBody(response));
      const expiresAt = answer.expires_at ? new Date(answer.expires_at * 1000).toISOString() : undefined;
      return {
        working: answer.active,
        ...(expiresAt && { expiresAt }),
        detail: `introspectToken: ${answer.status ?? (answer.active ? "active" : "inactive")}`,
      };
    }
    const response = await fetchPlatform(apiName, `${host}/tokeninfo?access_token=${encodeURIComponent(accessToken)}`, {
      timeoutMs,
    });
    if (!response.ok) return { working: false, detail: `tokeninfo: HTTP ${response.status}` };
    const left = Number(parsedAnswer(apiName, TokenInfoAnswer, await jsonBody(response)).expires_in);
    const expiresAt = Number.isFinite(left) ? new Date(options.now.getTime() + left * 1000).toISOString() : undefined;
    return { working: true, ...(expiresAt && { expiresAt }), detail: "tokeninfo: 200" };
  } catch (error) {
    return { working: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** The tokens of one platform's app, as its secret holds them (XSecrets, LinkedInSecrets, YouTubeSecrets). */
export type PlatformTokens = OAuthClient & { tokens: Record<string, AccountToken> };

const platformName: Record<TokenPlatform, string> = { x: "X", linkedin: "LinkedIn", youtube: "YouTube" };
const romeDay = new Intl.DateTimeFormat("it-IT", { timeZone: "Europe/Rome", dateStyle: "full", timeStyle: "short" });

/**
 * The staff alerts owed now about tokens: one that lapses within `alertAheadDays` with nothing able to renew it
 * (`token_expiring`, in office hours), one already lapsed (`token_expired`, urgent: nothing is moderated on that
 * account). Keyed by account and lapse time, so each lapse is told once (a new token with a new lapse is told
 * again when its time comes). No personal data: the text names the account and the date.
 */
export function tokenAlerts(
  deployments: readonly EntityDeployment[],
  secrets: Partial<Record<TokenPlatform, PlatformTokens>>,
  now: Date,
): StaffAlert[] {
  return deployments.flatMap((deployment) =>
    deployment.accounts.flatMap((account): StaffAlert[] => {
      if (account.platform !== "x" && account.platform !== "linkedin" && account.platform !== "youtube") return [];
      const platform = account.platform;
      const app = secrets[platform];
      const health = tokenHealth(platform, app?.tokens[account.accountId], app ?? {}, now);
      if ((health.state !== "expiring" && health.state !== "expired") || !health.lapsesAt) return [];
      const when = romeDay.format(new Date(health.lapsesAt));
      const lapsed = health.state === "expired";
      return [
        {
          entityId: deployment.entityId,
          reason: lapsed ? "token_expired" : "token_expiring",
          itemKey: `token#${platform}#${account.accountId}#${health.lapsesAt}`,
          platform,
          categories: [],
          redactedText: lapsed
            ? `L'accesso di Sentinella all'account ${platformName[platform]} ${account.accountId} è scaduto (${when}): i contenuti non vengono moderati finché un amministratore non lo autorizza di nuovo.`
            : `L'accesso di Sentinella all'account ${platformName[platform]} ${account.accountId} scade ${when} e non si può rinnovare da solo: un amministratore dell'account deve autorizzarlo di nuovo prima di quella data.`,
          done: [],
        },
      ];
    }),
  );
}

/** Where the platforms' tokens live (Secrets Manager; local mode's in-memory secrets): read fresh, write one token. */
export interface TokenStore {
  tokens(platform: TokenPlatform): Promise<PlatformTokens | undefined>;
  /** Stores one account's token, leaving the rest of the secret as it is. */
  saveToken(platform: TokenPlatform, accountId: string, token: AccountToken): Promise<void>;
}

/**
 * The in-memory twin: the secrets object itself, changed in place, so adapters reading tokens from it (local mode's)
 * use a renewed token at once.
 */
export function inMemoryTokenStore(secrets: Partial<Record<TokenPlatform, PlatformTokens>>): TokenStore {
  return {
    tokens: async (platform) => secrets[platform],
    async saveToken(platform, accountId, token) {
      const app = secrets[platform];
      if (!app) throw new Error(`no ${platform} secrets to store a token in`);
      app.tokens[accountId] = token;
    },
  };
}

/** At most one renewer at a time: X's refresh tokens die on use, so two renewers would lose the account. */
export interface RenewalLease {
  acquire(now: Date): Promise<boolean>;
  release(): Promise<void>;
}

export interface RenewalReport {
  renewed: string[];
  failed: { account: string; code: string }[];
  /** Another run held the lease: nothing was tried. */
  skipped: boolean;
}

/**
 * Renews every deployed account's token that is due (`tokenHealth` says `renew`), storing each new token at once,
 * before the next one: X's old refresh token is dead from the moment the new one is issued. A refusal (revoked,
 * lapsed) is reported and left to `tokenAlerts`, which tells staff; throttles and outages wait for the next run.
 */
export async function renewDueTokens(deps: {
  deployments: readonly EntityDeployment[];
  store: TokenStore;
  lease: RenewalLease;
  now: Date;
  hosts?: Partial<Record<TokenPlatform, string>>;
}): Promise<RenewalReport> {
  const report: RenewalReport = { renewed: [], failed: [], skipped: false };
  const due = (["x", "linkedin", "youtube"] as const).map((platform) => ({
    platform,
    accounts: deps.deployments.flatMap((d) =>
      d.accounts.filter((a) => a.platform === platform).map((a) => a.accountId),
    ),
  }));
  if (due.every(({ accounts }) => accounts.length === 0)) return report;
  if (!(await deps.lease.acquire(deps.now))) return { ...report, skipped: true };
  try {
    for (const { platform, accounts } of due) {
      if (accounts.length === 0) continue;
      const app = await deps.store.tokens(platform);
      if (!app) continue;
      for (const accountId of accounts) {
        const token = app.tokens[accountId];
        if (tokenHealth(platform, token, app, deps.now).state !== "renew" || !token) continue;
        try {
          const renewed = await refreshAccountToken(platform, token, app, {
            host: deps.hosts?.[platform],
            now: deps.now,
          });
          await deps.store.saveToken(platform, accountId, renewed);
          report.renewed.push(`${platform}#${accountId}`);
        } catch (error) {
          if (!(error instanceof PlatformError)) throw error;
          report.failed.push({ account: `${platform}#${accountId}`, code: error.code });
        }
      }
    }
  } finally {
    await deps.lease.release();
  }
  return report;
}
