import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import {
  type AlertChannel,
  createEmailChannel,
  createOutboxChannel,
  createSlackChannel,
  createStaffAlerts,
  createTeamsChannel,
} from "@sentinella/alerts";
import { alertTable, DynamoAlertStore, Env, staffAlertsFromEnv } from "@sentinella/aws";
import type { StaffAlert } from "@sentinella/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useDynamoDbLocal } from "../support/dynamodb";
import { entityId, monzaIsOpen, recordingLogger, sampleAlert, startLoopback } from "./helpers";

const fridayAt22 = new Date("2026-11-27T21:00:00Z"); // 22:00 in Rome
const saturdayAt10 = new Date("2026-11-28T09:00:00Z");
const sundayAt3 = new Date("2026-11-29T02:00:00Z");
const mondayAt0855 = new Date("2026-11-30T07:55:00Z");
const mondayAt9 = new Date("2026-11-30T08:00:00Z");
const wednesdayAt11 = new Date("2026-11-25T10:00:00Z");

const onCall = "reperibile@provincia.mb.it";
const consoleUrl = "http://127.0.0.1:3001/console";
const staff = "social@provincia.mb.it";

const dynamo = useDynamoDbLocal();
let ses: Awaited<ReturnType<typeof startLoopback>>;
let slack: Awaited<ReturnType<typeof startLoopback>>;
let sesStatus = 200;
let slackStatus = 200;
let teams: Awaited<ReturnType<typeof startLoopback>>;
/** Statuses the Teams webhook answers with, in order; then 202 (what Workflows answers). */
let teamsStatuses: number[] = [];
let outbox: string;

beforeAll(async () => {
  ses = await startLoopback(() =>
    sesStatus === 200
      ? { status: 200, body: { MessageId: randomUUID() } }
      : { status: sesStatus, body: { message: "Service unavailable" } },
  );
  slack = await startLoopback(() => ({ status: slackStatus, body: slackStatus === 200 ? "ok" : "no_service" }));
  teams = await startLoopback(() => ({ status: teamsStatuses.shift() ?? 202, body: "" }));
});

afterAll(async () => {
  await Promise.all([ses?.stop(), slack?.stop(), teams?.stop()]);
});

beforeEach(async () => {
  ses.requests.length = 0;
  slack.requests.length = 0;
  teams.requests.length = 0;
  teamsStatuses = [];
  sesStatus = 200;
  slackStatus = 200;
  outbox = await mkdtemp(join(tmpdir(), "sentinella-outbox-"));
  return () => rm(outbox, { recursive: true, force: true });
});

function sesClient() {
  return new SESv2Client({
    endpoint: ses.url,
    region: "eu-south-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 2,
  });
}

async function setup(start: Date, channels?: (defaults: AlertChannel[]) => AlertChannel[]) {
  const tableName = await dynamo.freshTable(alertTable);
  let now = start;
  const clock = { now: () => now };
  const defaults = [
    createEmailChannel({ client: sesClient(), from: "sentinella@provincia.mb.it" }),
    createSlackChannel({ retryConfig: { retries: 2, factor: 1, minTimeout: 10 } }),
    createOutboxChannel({ folder: outbox, clock }),
    createTeamsChannel({ retry: { retries: 2, factor: 1, minTimeout: 10 } }),
  ];
  const logger = recordingLogger();
  const alerts = createStaffAlerts({
    channels: channels ? channels(defaults) : defaults,
    store: new DynamoAlertStore(dynamo.clients.document, tableName),
    recipients: {
      [entityId]: {
        onCallEmails: [onCall],
        staffEmails: [staff],
        slackWebhookUrl: `${slack.url}/services/T0/B0/x`,
        teamsWebhookUrl: `${teams.url}/workflows/alerts`,
      },
    },
    isOpen: monzaIsOpen,
    clock,
    logger,
    consoleUrl,
  });
  return {
    alerts,
    logger,
    tableName,
    at(moment: Date) {
      now = moment;
    },
  };
}

interface SentEmail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

function emails(): SentEmail[] {
  return ses.requests.map((request) => {
    expect(request).toMatchObject({ method: "POST", path: "/v2/email/outbound-emails" });
    const input = JSON.parse(request.body);
    return {
      to: input.Destination.ToAddresses,
      from: input.FromEmailAddress,
      subject: input.Content.Simple.Subject.Data,
      text: input.Content.Simple.Body.Text.Data,
      html: input.Content.Simple.Body.Html.Data,
    };
  });
}

function slackPosts(): { text: string; blocks: unknown[] }[] {
  return slack.requests.map((request) => JSON.parse(request.body));
}

async function outboxFiles(): Promise<string[]> {
  const names = (await readdir(outbox)).sort();
  return Promise.all(names.map((name) => readFile(join(outbox, name), "utf8")));
}

describe("routing by urgency and office hours", () => {
  it("sends an emergency at 3 a.m. on Sunday at once to on-call, on every channel", async () => {
    const { alerts } = await setup(sundayAt3);
    await alerts.notify(
      sampleAlert({ reason: "emergency", categories: ["emergenza"], redactedText: "C'è fumo dal tetto" }),
    );

    expect(emails()).toEqual([
      expect.objectContaining({
        to: [onCall],
        subject: expect.stringContaining("URGENTE – Segnalazione di emergenza"),
      }),
    ]);
    expect(slackPosts()).toHaveLength(1);
    expect(slackPosts()[0]?.text).toContain("Segnalazione di emergenza");
    expect(await outboxFiles()).toEqual([expect.stringContaining("C'è fumo dal tetto")]);
  });

  it("keeps a review at 22:00 on Friday for one digest sent at Monday's opening", async () => {
    const { alerts, at } = await setup(fridayAt22);
    await alerts.notify(sampleAlert({ itemKey: "facebook#fb-mb#c-1", redactedText: "Primo commento" }));
    at(saturdayAt10);
    await alerts.notify(sampleAlert({ itemKey: "facebook#fb-mb#c-2", redactedText: "Secondo commento" }));
    await alerts.notify(
      sampleAlert({ itemKey: "facebook#fb-mb#c-3", reason: "deadline_near", redactedText: "Terza domanda" }),
    );
    expect(ses.requests).toHaveLength(0);

    expect(await alerts.flushDigests(saturdayAt10)).toEqual({ delivered: 0, failed: 0 });
    expect(await alerts.flushDigests(mondayAt0855)).toEqual({ delivered: 0, failed: 0 });
    expect(ses.requests).toHaveLength(0);
    expect(slack.requests).toHaveLength(0);

    expect(await alerts.flushDigests(mondayAt9)).toEqual({ delivered: 1, failed: 0 });
    const [digest] = emails();
    expect(emails()).toHaveLength(1);
    expect(digest?.to).toEqual([staff]);
    expect(digest?.subject).toBe("[Sentinella] provincia-monza-brianza: riepilogo di 3 avvisi");
    for (const text of ["Primo commento", "Secondo commento", "Terza domanda", "Risposta in scadenza"]) {
      expect(digest?.text).toContain(text);
    }
    const queue = `${consoleUrl}/coda?ente=${entityId}&amp;stato=open`;
    expect(digest?.text).toContain(`Apri la coda di revisione: ${consoleUrl}/coda?ente=${entityId}&stato=open`);
    expect(digest?.html).toContain(`<a href="${queue.replace("&amp;", "&#38;")}">Apri la coda di revisione</a>`);
    expect(slackPosts()).toHaveLength(1);
    expect(JSON.stringify(slackPosts()[0]?.blocks)).toContain(
      `<${consoleUrl}/coda?ente=${entityId}&amp;stato=open|Apri la coda di revisione>`,
    );
    expect(await outboxFiles()).toHaveLength(1);

    expect(await alerts.flushDigests(new Date(mondayAt9.getTime() + 5 * 60_000))).toEqual({ delivered: 0, failed: 0 });
    expect(ses.requests).toHaveLength(1);
  });

  it("sends a review in office hours at once to staff, not to on-call", async () => {
    const { alerts } = await setup(wednesdayAt11);
    await alerts.notify(sampleAlert());

    expect(emails()).toEqual([
      expect.objectContaining({ to: [staff], subject: expect.not.stringContaining("URGENTE") }),
    ]);
    expect(emails()[0]?.subject).toBe("[Sentinella] Da verificare su Facebook (provincia-monza-brianza)");
    const item = `${consoleUrl}/voci/${encodeURIComponent(sampleAlert().itemKey)}`;
    expect(emails()[0]?.text).toContain(`Console: ${item}`);
    expect(emails()[0]?.html).toContain(`<a href="${item}">Apri nella console</a>`);
    expect(JSON.stringify(slackPosts()[0]?.blocks)).toContain(`<${item}|Apri nella console>`);
    expect(await alerts.flushDigests(wednesdayAt11)).toEqual({ delivered: 0, failed: 0 });
  });
});

describe("one alert per item and reason, ever", () => {
  it("sends the same item and reason once, and a different reason again", async () => {
    const { alerts, at } = await setup(wednesdayAt11);
    await alerts.notify(sampleAlert({ reason: "deadline_near" }));
    at(new Date(wednesdayAt11.getTime() + 60_000));
    await alerts.notify(sampleAlert({ reason: "deadline_near" }));
    expect(ses.requests).toHaveLength(1);

    await alerts.notify(sampleAlert({ reason: "deadline_passed" }));
    expect(emails().map((e) => e.subject)).toEqual([
      expect.stringContaining("Risposta in scadenza"),
      expect.stringContaining("URGENTE – Termine di risposta superato"),
    ]);
  });

  it("does not put an item twice into the night's digest", async () => {
    const { alerts, at } = await setup(fridayAt22);
    await alerts.notify(sampleAlert());
    at(saturdayAt10);
    await alerts.notify(sampleAlert());
    await alerts.flushDigests(mondayAt9);
    expect(emails()[0]?.subject).toContain("riepilogo di 1 avviso");
  });
});

describe("failing channels", () => {
  it("retries a failing Slack webhook, then reports it once a day through e-mail and the outbox", async () => {
    slackStatus = 500;
    const { alerts, logger } = await setup(sundayAt3);
    await alerts.notify(sampleAlert({ reason: "threat", itemKey: "facebook#fb-mb#t-1" }));

    expect(slack.requests).toHaveLength(3); // the first try and two retries
    const subjects = emails().map((e) => e.subject);
    expect(subjects).toEqual([
      expect.stringContaining("URGENTE – Minaccia"),
      expect.stringContaining("URGENTE – Canale di avviso non raggiungibile"),
    ]);
    expect(emails()[1]?.text).toContain('Il canale di avviso "slack" non ha consegnato');
    expect(emails()[1]?.text).toContain("consegnato sugli altri canali");
    expect(await outboxFiles()).toHaveLength(2);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: "warn", attributes: expect.objectContaining({ channel: "slack" }) }),
    );

    await alerts.notify(sampleAlert({ reason: "threat", itemKey: "facebook#fb-mb#t-2" }));
    expect(emails().map((e) => e.subject)).toHaveLength(3);
    expect(slack.requests).toHaveLength(6);
  });

  it("resolves when every channel fails, keeps the alert, and delivers it at the next tick even at night", async () => {
    sesStatus = 503;
    slackStatus = 500;
    const { alerts, logger } = await setup(
      sundayAt3,
      ([email, slackChannel]) => [email, slackChannel] as AlertChannel[],
    );
    await expect(alerts.notify(sampleAlert({ reason: "emergency" }))).resolves.toBeUndefined();
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: "error", message: expect.stringContaining("not delivered") }),
    );

    sesStatus = 200;
    slackStatus = 200;
    ses.requests.length = 0;
    slack.requests.length = 0;
    const report = await alerts.flushDigests(new Date(sundayAt3.getTime() + 5 * 60_000));

    // the emergency itself, and one channel_down report per channel that was dead
    expect(report).toEqual({ delivered: 3, failed: 0 });
    expect(emails().map((e) => e.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining("Segnalazione di emergenza")]),
    );
    expect(slackPosts().map((p) => p.text)).toEqual(
      expect.arrayContaining([expect.stringContaining("Segnalazione di emergenza")]),
    );
    expect(await alerts.flushDigests(new Date(sundayAt3.getTime() + 10 * 60_000))).toEqual({ delivered: 0, failed: 0 });
  });
});

describe("an entity without a route", () => {
  it("logs the missing route and keeps the alert in the table", async () => {
    const { alerts, logger, tableName } = await setup(fridayAt22);
    await alerts.notify(sampleAlert({ entityId: "comune-crespiatica" }));
    const kept = await new DynamoAlertStore(dynamo.clients.document, tableName).pending("comune-crespiatica");
    expect(kept).toEqual([expect.objectContaining({ attempts: 1, lastError: "no alert route for the entity" })]);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: "error", attributes: { entityId: "comune-crespiatica", reason: "review" } }),
    );
    expect(ses.requests).toHaveLength(0);
  });
});

describe("Microsoft Teams", () => {
  it("posts an Adaptive Card, retrying a 502, with the citizen's text as plain text", async () => {
    teamsStatuses = [502];
    const { alerts } = await setup(sundayAt3, (channels) => channels.filter((c) => c.name === "teams"));
    await alerts.notify(sampleAlert({ reason: "emergency", redactedText: "[link](https://example.org) *fumo*" }));

    expect(teams.requests).toHaveLength(2);
    const card = JSON.parse(teams.requests[1]?.body ?? "{}").attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.body).toContainEqual({
      type: "RichTextBlock",
      inlines: [{ type: "TextRun", text: "[link](https://example.org) *fumo*" }],
    });
    expect(card.content.body[0].text).toContain("URGENTE – Segnalazione di emergenza");
  });
});

describe("no personal data leaves in an alert", () => {
  it("sends and stores only the redacted text, even when the caller passes a wider object", async () => {
    const { alerts } = await setup(wednesdayAt11);
    const leaky = {
      ...sampleAlert({ redactedText: "Chiamatemi al [TELEFONO]" }),
      text: "Chiamatemi al 333 123 4567, Mario Rossi",
      author: { id: "10158", name: "Mario Rossi" },
    } as StaffAlert;
    await alerts.notify(leaky);

    const everything = [
      ...ses.requests.map((r) => r.body),
      ...slack.requests.map((r) => r.body),
      ...teams.requests.map((r) => r.body),
      ...(await outboxFiles()),
    ].join("\n");
    expect(everything).toContain("Chiamatemi al [TELEFONO]");
    for (const secret of ["Mario Rossi", "333 123 4567", "10158"]) expect(everything).not.toContain(secret);
  });
});

describe("outbox", () => {
  it("writes one readable Markdown file per message", async () => {
    const { alerts } = await setup(sundayAt3, ([, , outboxChannel]) => [outboxChannel] as AlertChannel[]);
    await alerts.notify(
      sampleAlert({
        reason: "emergency",
        itemKey: "instagram#ig-mb#c-9",
        platform: "instagram",
        categories: ["emergenza"],
        redactedText: "Albero caduto in via [INDIRIZZO]",
        link: "https://www.instagram.com/p/xyz",
        deadline: "2026-11-30T08:00:00Z",
        done: ["risposta con il 112 inviata"],
      }),
    );
    const names = await readdir(outbox);
    expect(names).toEqual([
      expect.stringMatching(/^2026-11-29T02-00-00\.000Z-provincia-monza-brianza-emergency-\w+\.md$/),
    ]);
    const [content] = await outboxFiles();
    expect(content).toBe(
      [
        "# [Sentinella] URGENTE – Segnalazione di emergenza su Instagram (provincia-monza-brianza)",
        "",
        "Avviso urgente: serve un intervento del personale.",
        "",
        "Motivo: Segnalazione di emergenza",
        "Piattaforma: Instagram",
        "Categorie: emergenza",
        "Scadenza: lunedì 30 novembre 2026 alle ore 09:00",
        "Già fatto: risposta con il 112 inviata",
        "Console: http://127.0.0.1:3001/console/voci/instagram%23ig-mb%23c-9",
        "Link: https://www.instagram.com/p/xyz",
        "Testo (oscurato):",
        "> Albero caduto in via [INDIRIZZO]",
        "",
        "Il testo è oscurato: i dati personali restano solo nel registro di Sentinella.",
        "",
      ].join("\n"),
    );
  });

  it("does not overwrite: two messages in the same millisecond are two files", async () => {
    const { alerts } = await setup(sundayAt3, ([, , outboxChannel]) => [outboxChannel] as AlertChannel[]);
    await alerts.notify(sampleAlert({ reason: "emergency", itemKey: "facebook#fb-mb#e-1" }));
    await alerts.notify(sampleAlert({ reason: "emergency", itemKey: "facebook#fb-mb#e-2" }));
    expect(await readdir(outbox)).toHaveLength(2);
  });
});

describe("Lambda wiring from the environment", () => {
  let secretsManager: Awaited<ReturnType<typeof startLoopback>>;
  let secretAvailable = true;

  beforeAll(async () => {
    secretsManager = await startLoopback((request) => {
      if (!secretAvailable) return { status: 400, body: { __type: "ResourceNotFoundException", message: "no secret" } };
      const urls = { [entityId]: `${slack.url}/services/T0/B0/from-secret` };
      const { SecretId } = JSON.parse(request.body);
      return { status: 200, body: { ARN: SecretId, Name: "slack", SecretString: JSON.stringify(urls) } };
    });
  });
  afterAll(() => secretsManager?.stop());
  beforeEach(() => {
    secretAvailable = true;
  });

  async function lambdaAlerts() {
    const tableName = await dynamo.freshTable(alertTable);
    const secretsClient = new SecretsManagerClient({
      endpoint: secretsManager.url,
      region: "eu-south-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const logger = recordingLogger();
    const alerts = staffAlertsFromEnv(
      {
        [Env.alertTable]: tableName,
        [Env.alertRoutes]: JSON.stringify({ [entityId]: { onCallEmails: [onCall] } }),
        [Env.slackWebhooksSecretArn]: "arn:aws:secretsmanager:eu-south-1:123456789012:secret:slack",
      },
      {
        document: dynamo.clients.document,
        isOpen: monzaIsOpen,
        logger,
        clock: { now: () => sundayAt3 },
        secrets: new SecretsProvider({ awsSdkV3Client: secretsClient }),
      },
    );
    return { alerts, logger };
  }

  it("posts to the Slack URL kept in Secrets Manager, with no e-mail when no sender is set", async () => {
    const { alerts } = await lambdaAlerts();
    await alerts.notify(sampleAlert({ reason: "emergency" }));

    expect(slack.requests.map((r) => r.path)).toEqual(["/services/T0/B0/from-secret"]);
    expect(ses.requests).toHaveLength(0);
  });

  it("keeps an alert while the Slack secret cannot be read and delivers it at the next tick", async () => {
    secretAvailable = false;
    const { alerts, logger } = await lambdaAlerts();
    await expect(alerts.notify(sampleAlert({ reason: "emergency" }))).resolves.toBeUndefined();
    expect(slack.requests).toHaveLength(0);
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: "error", message: "Staff alert failed" }));

    secretAvailable = true;
    expect(await alerts.flushDigests(new Date(sundayAt3.getTime() + 5 * 60_000))).toEqual({ delivered: 1, failed: 0 });
    expect(slack.requests).toHaveLength(1);
  });
});
