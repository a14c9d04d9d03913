import { env, stdout } from "node:process";
import {
  DynamoHandshakeLog,
  DynamoQuotaLedger,
  dynamoClients,
  Env,
  linkedInSecretsLoader,
  metaSecretsLoader,
  pollerTable,
  xSecretsLoader,
  youTubeDailyQuota,
  youTubeSecretsLoader,
} from "@sentinella/aws";
import {
  type AccountToken,
  type Clock,
  type EntityDeployment,
  EntityDeploymentsJson,
  type LinkedInSecrets,
  type MetaSecrets,
  type Platform,
  systemClock,
  type XSecrets,
  type YouTubeSecrets,
} from "@sentinella/core";
import { table } from "@sentinella/local/terminal";
import {
  checkAccountToken,
  defaultQuotaBudget,
  type HandshakeLog,
  type HandshakeRoute,
  type OAuthClient,
  type QuotaLedger,
  quotaCeiling,
  type TokenHealth,
  type TokenPlatform,
  tokenHealth,
} from "@sentinella/platforms";
import { tableName } from "./backend";
import { CliError, NoBackendError } from "./errors";

/** What `accounts check` reads: the deployed accounts, their secrets, where each platform answers, the quota ledger. */
export interface AccountsBackend {
  deployments: readonly EntityDeployment[];
  meta?: MetaSecrets;
  x?: XSecrets;
  linkedin?: LinkedInSecrets;
  youtube?: YouTubeSecrets;
  /**
   * Each platform's API and OAuth host: the real ones (`{}`), the sandboxes' in local mode, or undefined when they
   * are not known (a local pipeline started before it wrote them): then no platform is asked.
   */
  hosts: Partial<Record<TokenPlatform, string>> | undefined;
  quota?: { ledger: QuotaLedger; dailyUnits: number };
  /** When each webhook route last answered its platform's handshake (the poller table). */
  handshakes?: HandshakeLog;
}

/** One deployed account, as `accounts check` reports it. */
export interface AccountReport {
  entityId: string;
  platform: Platform;
  accountId: string;
  token: TokenHealth["state"] | "present";
  expiresAt?: string;
  /** When the account stops working unless a person re-authorises it (the refresh token's end, where known). */
  lapsesAt?: string;
  renewable: boolean;
  /** The platform's own word on the token, where it has a call for it. */
  check?: { working: boolean; detail: string };
  /** Webhooks or polling: how items reach Sentinella from this account. */
  delivery: string;
  /** YouTube: units left today for polling and for actions. */
  quotaLeft?: { poll: number; action: number };
  /** Something a person must do now. */
  problem: boolean;
}

const platformSecrets = (backend: AccountsBackend, platform: TokenPlatform) => backend[platform];

/** How items arrive, and through which webhook route's handshake the platform proves it reaches this deployment. */
const delivery: Record<Platform, { label: string; route?: HandshakeRoute }> = {
  facebook: { label: "webhook Meta (feed)", route: "meta" },
  instagram: { label: "webhook Meta (comments…)", route: "meta" },
  x: { label: "webhook Account Activity", route: "x" },
  linkedin: { label: "webhook LinkedIn", route: "linkedin" },
  youtube: { label: "lettura ogni 5 minuti\n(YouTube non ha webhook)" },
};

/**
 * The subscription as far as Sentinella can tell: verified once the platform's handshake (Meta's verification,
 * X's CRC, LinkedIn's challenge) was answered, not before. The subscriptions themselves are not read back: Meta's
 * needs the app token (subscribed_apps), X's the app's bearer token and webhook id, LinkedIn's the app and member
 * ids (eventSubscriptions); see the README.
 */
async function deliveryOf(platform: Platform, handshakes: HandshakeLog | undefined): Promise<string> {
  const { label, route } = delivery[platform];
  if (!route) return label;
  const answered = await handshakes?.lastAnswered(route);
  return `${label}\n${answered ? `handshake riuscito ${rome(answered)}` : "iscrizione non verificata"}`;
}

export async function checkAccounts(backend: AccountsBackend, now: Date): Promise<AccountReport[]> {
  const accounts = backend.deployments.flatMap((d) => d.accounts.map((a) => ({ entityId: d.entityId, ...a })));
  return Promise.all(
    accounts.map(async ({ entityId, platform, accountId }): Promise<AccountReport> => {
      const base = { entityId, platform, accountId, delivery: await deliveryOf(platform, backend.handshakes) };
      if (platform === "facebook" || platform === "instagram") {
        // Page tokens do not expire on a date: they die when the admin's session does (Graph code 190 alerts staff).
        const present = Boolean(backend.meta?.pageTokens[accountId]);
        return { ...base, token: present ? "present" : "missing", renewable: false, problem: !present };
      }
      const secrets = platformSecrets(backend, platform);
      const token: AccountToken | undefined = secrets?.tokens[accountId];
      const client: OAuthClient = {
        ...(secrets?.clientId && { clientId: secrets.clientId }),
        ...(secrets?.clientSecret && { clientSecret: secrets.clientSecret }),
      };
      const health = tokenHealth(platform, token, client, now);
      const check =
        token && backend.hosts
          ? await checkAccountToken(platform, token.accessToken, client, { host: backend.hosts[platform], now })
          : undefined;
      const expiresAt = health.expiresAt ?? check?.expiresAt;
      const quotaLeft =
        platform === "youtube" && backend.quota
          ? await quotaLeftOf(backend.quota.ledger, backend.quota.dailyUnits, now)
          : undefined;
      const problem =
        health.state === "missing" ||
        health.state === "expired" ||
        health.state === "expiring" ||
        check?.working === false;
      return {
        ...base,
        token: health.state,
        ...(expiresAt && { expiresAt }),
        ...(health.lapsesAt && { lapsesAt: health.lapsesAt }),
        renewable: health.renewable,
        ...(check && { check: { working: check.working, detail: check.detail } }),
        ...(quotaLeft && { quotaLeft }),
        problem,
      };
    }),
  );
}

async function quotaLeftOf(ledger: QuotaLedger, dailyUnits: number, now: Date) {
  const budget = defaultQuotaBudget(dailyUnits);
  const spent = await ledger.spent(now);
  return {
    poll: Math.max(0, quotaCeiling(budget, "poll") - spent),
    action: Math.max(0, quotaCeiling(budget, "action") - spent),
  };
}

const tokenLabel: Record<AccountReport["token"], string> = {
  present: "presente (token di Pagina, senza scadenza fissa)",
  missing: "MANCANTE",
  unknown: "presente, scadenza non nota",
  valid: "valido",
  renew: "da rinnovare ora (rinnovo automatico possibile)",
  expiring: "IN SCADENZA: serve una nuova autorizzazione",
  expired: "SCADUTO",
};

const romeTime = new Intl.DateTimeFormat("it-IT", { timeZone: "Europe/Rome", dateStyle: "short", timeStyle: "short" });
const rome = (iso: string | undefined) => (iso ? romeTime.format(new Date(iso)) : "—");

export function formatAccounts(reports: readonly AccountReport[]): string {
  if (reports.length === 0) return "Nessun account nelle configurazioni distribuite.";
  const rows = reports.map((r) => [
    `${r.entityId}\n${r.platform} ${r.accountId}`,
    [
      tokenLabel[r.token],
      ...(r.check ? [`${r.check.working ? "risponde" : "RIFIUTATO"}: ${r.check.detail}`] : []),
      ...(r.renewable ? ["rinnovabile con il refresh token"] : []),
    ].join("\n"),
    `${rome(r.expiresAt)}${r.lapsesAt && r.lapsesAt !== r.expiresAt ? `\nautorizzazione fino al ${rome(r.lapsesAt)}` : ""}`,
    r.delivery,
    r.quotaLeft ? `lettura ${r.quotaLeft.poll}\nazioni ${r.quotaLeft.action}` : "—",
  ]);
  const problems = reports.filter((r) => r.problem).length;
  const summary =
    problems === 0
      ? `${reports.length} account: nessun intervento necessario.`
      : `${reports.length} account: ${problems} da sistemare (token mancante, scaduto, in scadenza o rifiutato).`;
  return `${table(["ente / account", "token", "scadenza (Roma)", "arrivo dei contenuti", "quota YouTube"], rows, {
    separateRows: true,
    widths: [32, 40, 20, 28, 14],
  })}\n${summary}`;
}

/** The running local pipeline's accounts, secrets and sandboxes; or AWS's, from the functions' own settings. */
async function backendOf(): Promise<{ backend: AccountsBackend; close(): void }> {
  const files = await import("@sentinella/local/files");
  const local = env[Env.deployments] ? undefined : await files.readEndpoints();
  if (local) {
    const { client, document } = dynamoClients(local.dynamoDbEndpoint);
    const platform = await files.loadOrCreatePlatformSecrets(local.deployments);
    const pages = local.deployments.flatMap((d) =>
      d.accounts.filter((a) => a.platform === "facebook" || a.platform === "instagram").map((a) => a.accountId),
    );
    return {
      backend: {
        deployments: local.deployments,
        meta: await files.loadOrCreateSecrets(pages),
        ...platform,
        hosts: local.sandboxUrls,
        handshakes: new DynamoHandshakeLog(document, tableName(pollerTable, Env.pollerTable)),
        quota: {
          ledger: new DynamoQuotaLedger(
            document,
            tableName(pollerTable, Env.pollerTable),
            defaultQuotaBudget(youTubeDailyQuota),
          ),
          dailyUnits: youTubeDailyQuota,
        },
      },
      close: () => client.destroy(),
    };
  }
  if (!env[Env.deployments]) {
    throw new NoBackendError(
      "Nessuna pipeline locale in esecuzione e nessuna configurazione AWS.\n" +
        "  In locale: avvia `npm start` in un altro terminale.\n" +
        `  Su AWS: imposta AWS_REGION (e le credenziali), ${Env.deployments} e gli ARN dei segreti ` +
        `(${Env.metaSecretArn}, ${Env.xSecretArn}, ${Env.linkedInSecretArn}, ${Env.youTubeSecretArn}) come nelle funzioni.`,
    );
  }
  const dailyUnits = Number(env[Env.youTubeDailyQuota] ?? youTubeDailyQuota);
  const { client, document } = dynamoClients(env[Env.awsEndpointUrl]);
  const read = async <T>(load: () => Promise<T | undefined>) => {
    try {
      return await load();
    } catch (error) {
      throw new CliError(`Segreto illeggibile: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    backend: {
      deployments: EntityDeploymentsJson.parse(env[Env.deployments]),
      meta: await read(metaSecretsLoader(env[Env.metaSecretArn])),
      x: await read(xSecretsLoader(env[Env.xSecretArn])),
      linkedin: await read(linkedInSecretsLoader(env[Env.linkedInSecretArn])),
      youtube: await read(youTubeSecretsLoader(env[Env.youTubeSecretArn])),
      hosts: {},
      ...(env[Env.pollerTable] && {
        handshakes: new DynamoHandshakeLog(document, env[Env.pollerTable] as string),
        quota: {
          ledger: new DynamoQuotaLedger(document, env[Env.pollerTable] as string, defaultQuotaBudget(dailyUnits)),
          dailyUnits,
        },
      }),
    },
    close: () => client.destroy(),
  };
}

export async function accountsCheck(
  backend: AccountsBackend,
  options: { json?: boolean },
  deps: { clock: Clock; write(text: string): void },
): Promise<AccountReport[]> {
  const reports = await checkAccounts(backend, deps.clock.now());
  deps.write(`${options.json ? JSON.stringify(reports) : formatAccounts(reports)}\n`);
  return reports;
}

export async function checkCommand(options: { json?: boolean }) {
  const { backend, close } = await backendOf();
  try {
    const reports = await accountsCheck(backend, options, { clock: systemClock, write: (text) => stdout.write(text) });
    // A cron or a CI job can act on it: 1 when a person must do something.
    if (reports.some((r) => r.problem)) process.exitCode = 1;
  } finally {
    close();
  }
}
