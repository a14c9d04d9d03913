/**
 * `npm start`: the whole pipeline on this machine, until Ctrl-C. Decisions persist in .data/ (git-ignored);
 * the Meta secrets are generated once into .local/meta-secrets.json (git-ignored); .local/endpoints.json
 * tells `npm run demo` where everything listens.
 */
import { rm } from "node:fs/promises";
import { relative } from "node:path";
import { classifierTimeoutSeconds, itemQueue } from "@sentinella/aws";
import type { Platform } from "@sentinella/core";
import { InvalidArgumentError, Option } from "commander";
import { alertRoutesOf, deploymentsOf, LocalConfigError, readLocalConfig } from "./config";
import { linkedInSignature, linkedInWebhook } from "./linkedin-webhooks";
import {
  dataDir,
  loadOrCreatePlatformSecrets,
  loadOrCreateSecrets,
  localDir,
  outboxDir,
  writeEndpoints,
} from "./local-files";
import { metaJson, metaSignature, metaWebhook } from "./meta-webhooks";
import { accountIdsOf, localDeployments, startLocalPipeline } from "./pipeline";
import { scriptCommand } from "./terminal";
import { xSignature, xWebhook } from "./x-webhooks";

const seconds = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected whole seconds (0 or more).");
  return n;
};

const args = scriptCommand("npm start --")
  .description("Run the whole Sentinella pipeline on this machine, with no AWS account, until Ctrl-C.")
  .addOption(new Option("--port <port>", "port of the local API Gateway (webhooks)").default(3000).argParser(Number))
  .addOption(new Option("--console-port <port>", "port of the staff console").default(3001).argParser(Number))
  .option("--config <file>", "entities, accounts per platform, modes and alert routes (JSON; see README)")
  .addOption(
    new Option("--scheduler-every <seconds>", "run the scheduler every this many seconds; 0 = only on demand")
      .default(60)
      .argParser(seconds),
  )
  .addOption(
    new Option("--retry-after <seconds>", "how soon an item the classifier failed is retried")
      .default(classifierTimeoutSeconds)
      .argParser(seconds),
  )
  .addOption(
    new Option("--poll-every <seconds>", "poll the sandbox YouTube channels every this many seconds; 0 = off")
      .default(10)
      .argParser(seconds),
  )
  .option("--verbose", "show the functions' logs")
  .addHelpText(
    "after",
    `
Examples:
  $ npm start
  $ npm start -- --port 3001 --config sentinella.local.json
  $ npm start -- --scheduler-every 0 --verbose
`,
  )
  .parse()
  .opts<{
    port: number;
    consolePort: number;
    config?: string;
    schedulerEvery: number;
    retryAfter: number;
    pollEvery: number;
    verbose?: boolean;
  }>();

const config = await (args.config ? readLocalConfig(args.config) : undefined)?.catch((error) => {
  if (!(error instanceof LocalConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
});
const deployments = config ? deploymentsOf(config) : localDeployments;
const visibilityTimeoutSeconds = args.retryAfter;
const schedulerEverySeconds = args.schedulerEvery;
const secrets = await loadOrCreateSecrets(accountIdsOf(deployments));
const platformSecrets = await loadOrCreatePlatformSecrets(deployments);
const pipeline = await startLocalPipeline({
  dataDir,
  secrets,
  platformSecrets,
  outboxDir,
  deployments,
  alertRoutes: config ? alertRoutesOf(config) : undefined,
  ingressPort: args.port,
  consolePort: args.consolePort,
  visibilityTimeoutSeconds,
  ...(schedulerEverySeconds > 0 ? { schedulerEverySeconds } : {}),
  ...(args.pollEvery > 0 ? { pollEverySeconds: args.pollEvery } : {}),
  slackWebhookUrl: process.env.SLACK_WEBHOOK_URL,
  logLevel: args.verbose ? "INFO" : "WARN",
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== "EADDRINUSE") throw error;
  console.error(
    `Port ${args.port} or ${args.consolePort} is taken (another npm start?). Others: npm start -- --port 3010 --console-port 3011`,
  );
  process.exit(1);
});
await writeEndpoints({
  ingressUrl: pipeline.ingressUrl,
  webhookUrls: pipeline.webhookUrls,
  youTubeSandboxUrl: pipeline.sandboxes.youtube.baseUrl,
  sandboxUrls: {
    x: pipeline.sandboxes.x.baseUrl,
    linkedin: pipeline.sandboxes.linkedin.baseUrl,
    youtube: pipeline.sandboxes.youtube.baseUrl,
  },
  dynamoDbEndpoint: pipeline.dynamoDbEndpoint,
  decisionTableName: pipeline.decisionTableName,
  sqsEndpoint: pipeline.sqsEndpoint,
  queueUrl: pipeline.queueUrl,
  deadLetterQueueUrl: pipeline.deadLetterQueueUrl,
  graphBaseUrl: pipeline.graph.baseUrl,
  outboxDir: pipeline.outboxDir,
  deployments,
  pid: process.pid,
});

const here = (path: string) => relative(process.cwd(), path) || ".";
/** The first deployed account on a platform, for the examples below. */
const accountOn = (platform: Platform) =>
  deployments.flatMap((d) => d.accounts).find((account) => account.platform === platform)?.accountId;
const page = accountOn("facebook") ?? "fb-comune-cento";
const accounts = config
  ? deployments
      .map((d) => `${d.entityId} (${d.mode}): ${d.accounts.map((a) => `${a.platform} ${a.accountId}`).join(", ")}`)
      .join("\n                         ")
  : "fb-<entity> and ig-<entity> for every entity; x-, li-, yt-<entity> where it publishes there; enforce mode (--config for your own)";
const xAccount = accountOn("x");
const { consumerSecret } = platformSecrets.x;
const xSample = JSON.stringify(
  xWebhook({
    kind: "comment",
    accountId: xAccount ?? "x-comune-cento",
    id: "1900000000000000001",
    inReplyTo: "1800000000000000001",
    author: { id: "4242", screenName: "mario_rossi" },
    text: "Scrivetemi al 333 1234567",
    createdAt: new Date(),
  }),
);
const channel = accountOn("youtube");
const youTubeHowTo = channel
  ? `
YouTube has no webhooks: write a citizen's comment on the sandbox channel; the poller reads it on its next run:
  curl -s ${pipeline.sandboxes.youtube.baseUrl}/_sandbox/comments -H 'content-type: application/json' \\
    -d '{"channelId":"${channel}","text":"Scrivetemi al 333 1234567","authorChannelId":"UCmario","authorDisplayName":"@mario"}'
`
  : "";
const xHowTo = `
X: the CRC, and a signed Account Activity reply (consumer secret in ${here(localDir)}/platform-secrets.json):
  curl '${pipeline.webhookUrls.x}?crc_token=42'
  body='${xSample}'
  curl -i ${pipeline.webhookUrls.x} -H 'content-type: application/json' \\
    -H "x-twitter-webhooks-signature: sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac '${consumerSecret}' -binary | base64)" \\
    --data-raw "$body"
  (signature of this exact body: ${xSignature(xSample, consumerSecret)})
`;
const organization = accountOn("linkedin");
const { clientSecret } = platformSecrets.linkedin;
const linkedInSample = JSON.stringify(
  linkedInWebhook({
    action: "COMMENT",
    accountId: organization ?? "li-comune-cento",
    notificationId: 4406004,
    post: "urn:li:activity:7000000000000000001",
    comment: "urn:li:comment:(urn:li:activity:7000000000000000001,7000000000000000002)",
    author: "urn:li:person:mario",
    text: "Scrivetemi al 333 1234567",
    createdAt: new Date(),
  }),
);
const linkedInHowTo = `
LinkedIn: the validation challenge, and a signed COMMENT notification (client secret in ${here(localDir)}/platform-secrets.json):
  curl '${pipeline.webhookUrls.linkedin}?challengeCode=890e4665-4dfe-4ab1-b689-ed553bceeed0'
  body='${linkedInSample}'
  curl -i ${pipeline.webhookUrls.linkedin} -H 'content-type: application/json' \\
    -H "x-li-signature: $( (printf 'hmacsha256='; printf '%s' "$body") | openssl dgst -sha256 -hmac '${clientSecret}' -r | cut -d' ' -f1)" \\
    --data-raw "$body"
  (signature of this exact body: ${linkedInSignature(linkedInSample, clientSecret)})
`;
const sample = metaJson(
  metaWebhook({
    platform: "facebook",
    kind: "comment",
    accountId: page,
    id: "1001_2002",
    postId: `${page}_1001`,
    author: { id: "u-42", name: "Mario Rossi" },
    text: "Scrivetemi a mario.rossi@example.com o al 333 1234567",
    createdAt: new Date(),
  }),
);
console.log(`
Sentinella local mode is running (Ctrl-C to stop)

  webhooks (ingress λ)   ${pipeline.webhookUrls.meta}
                         ${pipeline.webhookUrls.x}
                         ${pipeline.webhookUrls.linkedin}
  DynamoDB Local         ${pipeline.dynamoDbEndpoint}   tables ${Object.values(pipeline.tableNames).join(", ")}, data in ${here(dataDir)}
  SQS (fauxqs)           ${pipeline.sqsEndpoint}   queue + DLQ; a failed item is retried after ${visibilityTimeoutSeconds} s here (${itemQueue.visibilityTimeoutSeconds} s in AWS)
  classifier λ           polls the queue as Lambda's event source mapping does (batches of 10, 1 s window)
  sandbox Graph API      ${pipeline.graph.baseUrl}   every hide and reply is printed below
  sandbox X API          ${pipeline.sandboxes.x.baseUrl}
  sandbox LinkedIn API   ${pipeline.sandboxes.linkedin.baseUrl}
  sandbox YouTube API    ${pipeline.sandboxes.youtube.baseUrl}   polled ${args.pollEvery > 0 ? `every ${args.pollEvery} s` : "never (--poll-every)"} (EventBridge: every 5 minutes)
  scheduler λ            ${schedulerEverySeconds > 0 ? `every ${schedulerEverySeconds} s` : "off"} (EventBridge: every 5 minutes)
  staff alerts           ${here(pipeline.outboxDir)}/ (one file per message)${process.env.SLACK_WEBHOOK_URL ? " and Slack" : ""}

  staff console          ${pipeline.console.url}   sign in with a seeded user (local OIDC issuer ${pipeline.console.issuer.issuer}):
${pipeline.console.issuer.users.map((user) => `                           ${user.username.padEnd(18)} password ${user.password.padEnd(12)} ${user.groups.join(", ")}`).join("\n")}

  accounts               ${accounts}
  app secret             ${secrets.appSecret}
  verify token           ${secrets.verifyToken}   (both in ${here(localDir)}/meta-secrets.json)

Verify the webhook as Meta does:
  curl '${pipeline.ingressUrl}?hub.mode=subscribe&hub.verify_token=${secrets.verifyToken}&hub.challenge=42'

Send one signed comment and see its decision:
  npm run demo -- --one "Scrivetemi al 333 1234567"

or by hand:
  body='${sample}'
  curl -i ${pipeline.ingressUrl} -H 'content-type: application/json' \\
    -H "x-hub-signature-256: sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac '${secrets.appSecret}' -r | cut -d' ' -f1)" \\
    --data-raw "$body"
  (signature of this exact body: ${metaSignature(sample, secrets.appSecret)})

${xAccount ? xHowTo : ""}${organization ? linkedInHowTo : ""}${youTubeHowTo}
Send the whole labelled corpus, each item on its own platform:  npm run demo
`);

let printed = 0;
let printedX = 0;
let printedLinkedIn = 0;
let printedYouTube = 0;
const showGraphCalls = setInterval(() => {
  for (const call of pipeline.graph.calls.slice(printed)) {
    const message = call.params.message as string | { text?: string } | undefined;
    const text = typeof message === "string" ? message : message?.text;
    console.log(`${new Date().toISOString()}  Graph ${call.kind} ${call.objectId}${text ? ` "${text}"` : ""}`);
  }
  printed = pipeline.graph.calls.length;
  for (const call of pipeline.sandboxes.x.calls.slice(printedX)) {
    console.log(`${new Date().toISOString()}  X ${call.kind} ${call.objectId}${call.text ? ` "${call.text}"` : ""}`);
  }
  printedX = pipeline.sandboxes.x.calls.length;
  for (const call of pipeline.sandboxes.linkedin.calls.slice(printedLinkedIn)) {
    console.log(
      `${new Date().toISOString()}  LinkedIn ${call.kind} ${call.objectId}${call.text ? ` "${call.text}"` : ""}`,
    );
  }
  printedLinkedIn = pipeline.sandboxes.linkedin.calls.length;
  for (const call of pipeline.sandboxes.youtube.calls.slice(printedYouTube)) {
    console.log(
      `${new Date().toISOString()}  YouTube ${call.kind} ${call.objectId}${call.text ? ` "${call.text}"` : ""}`,
    );
  }
  printedYouTube = pipeline.sandboxes.youtube.calls.length;
}, 250);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping…");
  clearInterval(showGraphCalls);
  await pipeline.stop();
  await rm(`${localDir}/endpoints.json`, { force: true });
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
