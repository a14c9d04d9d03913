import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { EntityDeployment, LinkedInSecrets, MetaSecrets, XSecrets, YouTubeSecrets } from "@sentinella/core";
import * as z from "zod";
import { generatePlatformSecrets, type PlatformSecrets } from "./platform-sandboxes";

/** The repository root: local mode keeps its files here, in git-ignored folders. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
/** Per-machine settings (secrets, endpoints of the running `npm start`); git-ignored. */
export const localDir = `${repoRoot}.local`;
/** DynamoDB Local's files for `npm start`; git-ignored. */
export const dataDir = `${repoRoot}.data/dynamodb`;
/** Staff alerts written by local mode, one file each; git-ignored. */
export const outboxDir = `${repoRoot}.data/outbox`;
/**
 * The sample corpus shipped with the project: labelled comments written to the labelling guide by the team (not the
 * dev corpus of ../shared/). The default of `npm run demo`, `sentinella eval` and `sentinella bench`.
 */
export const sampleCorpusFile = `${repoRoot}packages/policy/eval/probe.jsonl`;

const secretsFile = `${localDir}/meta-secrets.json`;
const platformSecretsFile = `${localDir}/platform-secrets.json`;
const endpointsFile = `${localDir}/endpoints.json`;

/** Meta secrets for a local run: random app secret and verify token; page tokens for the given accounts. */
export function generateSecrets(accountIds: readonly string[]): MetaSecrets {
  const random = () => randomBytes(16).toString("hex");
  return {
    appSecret: random(),
    verifyToken: random(),
    pageTokens: Object.fromEntries(accountIds.map((id) => [id, `local-token-${id}`])),
  };
}

/** The secrets in .local/meta-secrets.json, created on the first run so webhooks stay signable across restarts. */
export async function loadOrCreateSecrets(accountIds: readonly string[]): Promise<MetaSecrets> {
  try {
    const stored = MetaSecrets.parse(JSON.parse(await readFile(secretsFile, "utf8")));
    // Accounts added since the file was written get a token too.
    return { ...stored, pageTokens: { ...generateSecrets(accountIds).pageTokens, ...stored.pageTokens } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const secrets = generateSecrets(accountIds);
    await mkdir(localDir, { recursive: true });
    await writeFile(secretsFile, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    return secrets;
  }
}

/**
 * The X, LinkedIn and YouTube secrets in .local/platform-secrets.json, created on the first run; tokens of accounts
 * deployed since are added (the file is not rewritten: what it holds stays as it is).
 */
export async function loadOrCreatePlatformSecrets(deployments: readonly EntityDeployment[]): Promise<PlatformSecrets> {
  const generated = generatePlatformSecrets(deployments);
  try {
    const stored = StoredPlatformSecrets.parse(JSON.parse(await readFile(platformSecretsFile, "utf8")));
    const merge = <T extends { tokens: object }>(fresh: T, kept: T | undefined): T =>
      kept ? { ...kept, tokens: { ...fresh.tokens, ...kept.tokens } } : fresh;
    return {
      x: merge(generated.x, stored.x),
      linkedin: merge(generated.linkedin, stored.linkedin),
      youtube: merge(generated.youtube, stored.youtube),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(localDir, { recursive: true });
    await writeFile(platformSecretsFile, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
    return generated;
  }
}

const StoredPlatformSecrets = z.object({
  x: XSecrets.optional(),
  linkedin: LinkedInSecrets.optional(),
  youtube: YouTubeSecrets.optional(),
});

/** Where a running `npm start` listens, for `npm run demo` and other terminals. */
export const LocalEndpoints = z.object({
  ingressUrl: z.string(),
  /** Each platform's webhook route; absent in files written before X and LinkedIn were served. */
  webhookUrls: z.object({ meta: z.string(), x: z.string(), linkedin: z.string().optional() }).optional(),
  /** The sandbox YouTube Data API, where the demo writes citizens' comments. */
  youTubeSandboxUrl: z.string().optional(),
  /** The X and LinkedIn sandboxes (`sentinella accounts check` asks them about tokens); absent in older files. */
  sandboxUrls: z.object({ x: z.string(), linkedin: z.string(), youtube: z.string() }).optional(),
  dynamoDbEndpoint: z.string(),
  decisionTableName: z.string(),
  sqsEndpoint: z.string(),
  /** The item queue and its dead-letter queue (`sentinella dlq`); absent in files written before. */
  queueUrl: z.string().optional(),
  deadLetterQueueUrl: z.string().optional(),
  graphBaseUrl: z.string(),
  outboxDir: z.string(),
  /** The entities and accounts it runs (the demo addresses its webhooks to them). */
  deployments: z.array(EntityDeployment),
  pid: z.number().int(),
});
export type LocalEndpoints = z.infer<typeof LocalEndpoints>;

export async function writeEndpoints(endpoints: LocalEndpoints): Promise<void> {
  await mkdir(localDir, { recursive: true });
  await writeFile(endpointsFile, `${JSON.stringify(endpoints, null, 2)}\n`);
}

/** The endpoints of the `npm start` still running, if any. */
export async function readEndpoints(): Promise<LocalEndpoints | undefined> {
  try {
    const endpoints = LocalEndpoints.parse(JSON.parse(await readFile(endpointsFile, "utf8")));
    process.kill(endpoints.pid, 0); // throws when that process is gone
    return endpoints;
  } catch {
    return undefined;
  }
}
