import { readFileSync, rmSync } from "node:fs";
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  alertTable,
  DynamoAlertStore,
  DynamoDecisionStore,
  DynamoObligationStore,
  DynamoOffenderLedger,
  DynamoStaffRecords,
  DynamoSubjectData,
  decisionTable,
  dynamoClients,
  obligationTable,
  offenderTable,
  type SubjectTables,
  type TableSpec,
} from "@sentinella/aws";
import { type DecisionRecord, expiryAfter, type Item, type StaffRecord } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import { App, type CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createStacks } from "../../infra/stacks";
import { audit } from "../../packages/cli/src/audit";
import { eraseSubject, exportSubject, listErasures, type SubjectDeps } from "../../packages/cli/src/subject";
import { recorded } from "../audit/fixtures";
import { useDynamoDbLocal } from "../support/dynamodb";
import { allowingStatements, type DynamoRequest, recordRequests, type Statement } from "../support/iam-policy";

// Current dates: DynamoDB Local deletes rows whose TTL has passed, as AWS does.
const today = new Date();
const at = (hoursAgo: number) => new Date(today.getTime() - hoursAgo * 3600_000).toISOString();
const entityId = "comune-cento";
const lucia = "lucia-7781";
const anna = "anna-5512";
const secrets = ["Lucia Bianchi", "328 4455667", "[telefono]", "noi residenti"];

/** As the classifier stores it: personal data kept 24 months (Cento's policy). */
const stored = (record: DecisionRecord, fullText: string, redactedText: string): DecisionRecord => ({
  ...record,
  fullText,
  redactedText,
  expiresAt: expiryAfter(record.decidedAt, { days: 30 }),
  personalDataExpiresAt: expiryAfter(record.decidedAt, { months: 24 }),
});
const hidden = stored(
  recorded({ itemId: "s1", at: at(30), authorId: lucia, actions: ["hide"], categories: ["pii"] }),
  "sono Lucia Bianchi, richiamatemi al 328 4455667",
  "sono Lucia Bianchi, richiamatemi al [telefono]",
);
const question = stored(
  recorded({ itemId: "s2", at: at(20), authorId: lucia, actions: ["reply"], categories: ["question"] }),
  "quando riaprite il parcheggio per noi residenti?",
  "quando riaprite il parcheggio per noi residenti?",
);
const other = stored(
  recorded({ itemId: "s3", at: at(10), authorId: anna, actions: ["allow"] }),
  "bella la nuova piazza",
  "bella la nuova piazza",
);
/** A decision row from before subject rows: the author and redacted text on the decision row itself. */
const legacy = recorded({ itemId: "s4", at: at(40), authorId: lucia, actions: ["review"], categories: ["insult"] });

const staffRecord = (record: DecisionRecord, action: StaffRecord["action"], extra: Partial<StaffRecord>) =>
  ({
    schemaVersion: 1,
    recordType: "staff",
    recordId: `${at(5)}#${action}`,
    itemKey: record.itemKey,
    entityId,
    platform: record.platform,
    accountId: record.accountId,
    itemId: record.itemId,
    authorId: record.authorId,
    action,
    source: "console",
    by: { userId: "u1", name: "maria@comune.cento.fe.it" },
    at: at(5),
    result: { status: "done" },
    ...extra,
  }) satisfies StaffRecord;

const questionItem: Item = {
  schemaVersion: 1,
  entityId,
  platform: question.platform,
  accountId: question.accountId,
  itemId: question.itemId,
  kind: "comment",
  event: "created",
  version: "0",
  postId: "post-1",
  threadId: question.itemId,
  author: { id: lucia, name: "Lucia Bianchi" },
  byStaff: false,
  text: question.fullText ?? "",
  attachments: [],
  createdAt: question.decidedAt,
  receivedAt: question.decidedAt,
  raw: {},
};

describe("sentinella subject export and erase on DynamoDB Local", () => {
  const dynamo = useDynamoDbLocal();
  let tables: SubjectTables;
  let decisions: DynamoDecisionStore;
  let staff: DynamoStaffRecords;
  let obligations: DynamoObligationStore;
  let ledger: DynamoOffenderLedger;
  let alerts: DynamoAlertStore;
  let output: string[];
  let deps: SubjectDeps;
  /** Every request the export and the erasure send, as IAM sees it. */
  let requests: DynamoRequest[];
  const run = async (work: (deps: SubjectDeps) => Promise<void>) => {
    output = [];
    await work(deps);
    return output.join("");
  };

  beforeAll(async () => {
    const { document } = dynamo.clients;
    tables = {
      decisions: await dynamo.freshTable(decisionTable),
      obligations: await dynamo.freshTable(obligationTable),
      offenders: await dynamo.freshTable(offenderTable),
      alerts: await dynamo.freshTable(alertTable),
    };
    const months = () => 60;
    decisions = new DynamoDecisionStore({ document, tableName: tables.decisions });
    staff = new DynamoStaffRecords(document, tables.decisions, months);
    obligations = new DynamoObligationStore({ document, tableName: tables.obligations, entityFor: getPolicy });
    ledger = new DynamoOffenderLedger(document, tables.offenders, months);
    alerts = new DynamoAlertStore(document, tables.alerts);
    const recording = dynamoClients(dynamo.endpoint);
    requests = recordRequests(recording.client);
    const recorded = DynamoDBDocumentClient.from(recording.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    deps = {
      subjects: new DynamoSubjectData(recorded, tables, getPolicy),
      clock: { now: () => today },
      write: (text) => output.push(text),
    };

    for (const record of [hidden, question, other]) await decisions.put(record);
    const { itemKey: pk, itemVersionKey: _v, fullText: _f, expiresAt: _e, actionsTaken: _a, ...rest } = legacy;
    await document.send(
      new PutCommand({
        TableName: tables.decisions,
        Item: {
          pk,
          sk: "decision#created#0",
          ...rest,
          redactedText: "siete dei buffoni, Lucia Bianchi",
          categoryNames: ["insult"],
          authorKey: `${entityId}#${lucia}`,
        },
      }),
    );
    await staff.append(staffRecord(hidden, "unhide", { note: "Lucia Bianchi chiede di ripubblicarlo" }));
    await staff.append(
      staffRecord(hidden, "warn", {
        recordId: `${at(4)}#warn`,
        at: at(4),
        text: "Gentile Lucia Bianchi, la invitiamo a non pubblicare numeri di telefono.",
        result: { status: "task", instructions: `Inviare l'avviso a ${lucia} a mano.` },
      }),
    );
    await staff.append(staffRecord(other, "allow", { note: "va bene" }));
    await obligations.open(questionItem, question);
    for (const [author, kind, hoursAgo] of [
      [lucia, "violation", 29],
      [lucia, "warning", 4],
      [anna, "warning", 3],
    ] as const)
      await ledger.append({
        entityId,
        authorId: author,
        platform: "facebook",
        accountId: hidden.accountId,
        kind,
        at: at(hoursAgo),
        eventId: `${at(hoursAgo)}#${kind}`,
        itemKey: author === lucia ? hidden.itemKey : other.itemKey,
        by: "maria@comune.cento.fe.it",
      });
    await alerts.record({
      alert: {
        entityId,
        reason: "review",
        itemKey: hidden.itemKey,
        platform: "facebook",
        categories: ["pii"],
        redactedText: hidden.redactedText,
        done: ["nascosto"],
      },
      delivery: "digest",
      queuedAt: at(30),
      attempts: 0,
    });
  });

  it("exports everything held about one author, as JSON and as a CSV LibreOffice in Italian reads", async () => {
    const data = JSON.parse(await run((d) => exportSubject(d, { entity: entityId, author: lucia, json: true })));
    expect(data.decisions.map((d: DecisionRecord) => d.itemId).sort()).toEqual(["s1", "s2", "s4"]);
    expect(data.decisions.find((d: DecisionRecord) => d.itemId === "s1").fullText).toBe(hidden.fullText);
    expect(data.staff.map((s: StaffRecord) => s.action).sort()).toEqual(["unhide", "warn"]);
    expect(data.obligations).toMatchObject([{ itemKey: question.itemKey, authorId: lucia, status: "open" }]);
    // Sentinella's hide of `hidden`, read from its decision, then the events staff appended.
    expect(data.offenderEvents.map((e: { kind: string }) => e.kind)).toEqual(["violation", "violation", "warning"]);
    expect(data.pendingAlerts).toMatchObject([{ alert: { itemKey: hidden.itemKey, reason: "review" } }]);
    expect(JSON.stringify(data)).not.toContain(anna);

    const csv = await run((d) => exportSubject(d, { entity: entityId, author: lucia, csv: true }));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows: Record<string, string>[] = parse(csv, { bom: true, delimiter: ";", columns: true });
    expect(rows).toHaveLength(3 + 2 + 1 + 3 + 1);
    expect(new Set(rows.map((row) => row.tipo))).toEqual(
      new Set([
        "decisione automatica",
        "decisione del personale",
        "obbligo di risposta",
        "registro recidiva",
        "avviso al personale",
      ]),
    );
    expect(rows.find((row) => row.elemento === "s1" && row.tipo === "decisione automatica")).toMatchObject({
      testo_completo: hidden.fullText,
      testo_oscurato: hidden.redactedText,
      autore: lucia,
    });
    expect(rows[0]?.data).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);

    expect(await run((d) => exportSubject(d, { entity: entityId, author: lucia }))).toContain(
      "3 decisioni automatiche",
    );
  });

  it("erases the author everywhere, keeps the anonymous decisions, and a second run changes nothing", async () => {
    const before = await decisions.byEntity(entityId);
    const report = await run((d) =>
      eraseSubject(d, { entity: entityId, author: lucia, reason: "prot. 881/2026", by: "dpo" }),
    );
    expect(report).toContain("Cancellazione");
    expect(report).toContain("3 decisioni: autore e testo oscurato rimossi");
    expect(report).toContain("1 testi completi rimossi");
    expect(report).toContain("2 decisioni del personale");
    expect(report).toContain("1 obblighi di risposta eliminati");
    expect(report).toContain("2 eventi del registro recidiva resi anonimi");
    expect(report).toContain("1 avvisi al personale in attesa eliminati");

    // Every access pattern the audit, the console and the CLI use: nothing of her is readable.
    const readable: unknown[] = [
      await decisions.byAuthor(entityId, lucia),
      await decisions.recentByAuthor(entityId, lucia, 10),
      await decisions.byEntity(entityId),
      await decisions.byAction(entityId, "hide"),
      await decisions.byCategory(entityId, "pii"),
      await staff.listByEntity(entityId, at(100), at(0)),
      await ledger.listByAuthor(entityId, lucia),
      await ledger.listByEntity(entityId, at(100)),
      await alerts.pending(entityId),
      await obligations.listOpen(),
      await obligations.get(question.itemKey),
    ];
    for (const record of [hidden, question, legacy]) {
      readable.push(await decisions.listByItem(record.itemKey), await staff.listByItem(record.itemKey));
    }
    // And the rows themselves, read raw: the items' partitions and both indexes.
    const { document } = dynamo.clients;
    const raw = async (input: Omit<ConstructorParameters<typeof QueryCommand>[0], "TableName">, table: string) =>
      (await document.send(new QueryCommand({ TableName: table, ...input }))).Items ?? [];
    for (const record of [hidden, question, legacy])
      readable.push(
        await raw(
          { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": record.itemKey } },
          tables.decisions,
        ),
      );
    readable.push(
      await raw(
        {
          IndexName: "byAuthor",
          KeyConditionExpression: "authorKey = :a",
          ExpressionAttributeValues: { ":a": `${entityId}#${lucia}` },
        },
        tables.decisions,
      ),
      await raw(
        {
          IndexName: "byEntity",
          KeyConditionExpression: "entityId = :e",
          ExpressionAttributeValues: { ":e": entityId },
        },
        tables.offenders,
      ),
    );
    const everything = JSON.stringify(readable);
    for (const secret of [lucia, ...secrets]) expect(everything).not.toContain(secret);
    const audited: string[] = [];
    await audit(
      { decisions, staff, write: (text) => audited.push(text) },
      { by: "author", entityId, authorId: lucia },
      { locale: "it" },
    );
    expect(audited.join("")).toContain("Nessuna decisione automatica.");

    // The skeleton stays: the same decisions, actions and categories, and the ledger's counts under a pseudonym.
    const after = await decisions.byEntity(entityId);
    expect(after.map((d) => [d.itemVersionKey, d.actions, d.categories])).toEqual(
      before.map((d) => [d.itemVersionKey, d.actions, d.categories]),
    );
    const pseudonymised = await raw(
      { IndexName: "byEntity", KeyConditionExpression: "entityId = :e", ExpressionAttributeValues: { ":e": entityId } },
      tables.offenders,
    );
    // Under the pseudonym an event still expires with the staff records (60 months).
    for (const row of pseudonymised) expect(row.expiresAt).toBe(expiryAfter(row.at, { months: 60 }));
    expect((await ledger.listByEntity(entityId, at(100))).map((e) => e.kind).sort()).toEqual([
      "violation",
      "warning",
      "warning",
    ]);
    // The other author is untouched.
    expect(await decisions.get(other)).toMatchObject({ authorId: anna, redactedText: other.redactedText });
    expect((await staff.listByItem(other.itemKey))[0]).toMatchObject({ authorId: anna, note: "va bene" });

    const [record] = await deps.subjects.erasures(entityId);
    expect(record).toMatchObject({ entityId, by: "dpo", reason: "prot. 881/2026", counts: { fullTexts: 1 } });
    expect(JSON.stringify(record)).not.toContain(lucia);

    expect(await run((d) => eraseSubject(d, { entity: entityId, author: lucia }))).toContain(
      "Nessun dato personale da cancellare",
    );
    const listed = await run((d) => listErasures(d, { entity: entityId }));
    expect(listed).toContain("prot. 881/2026");
    expect(listed).toContain("1 cancellazioni registrate.");
    expect(await run((d) => exportSubject(d, { entity: entityId, author: lucia }))).toContain("Nessun dato conservato");
  });

  it("sends only requests the synthesised erasure role allows, and that role allows nothing they did not need", () => {
    const cdkContext = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")).context;
    const app = new App({ context: { ...cdkContext, "aws:cdk:bundling-stacks": [] } });
    const { stateful } = createStacks(app);
    const policy = Object.values(Template.fromStack(stateful).findResources("AWS::IAM::Policy")).find((resource) =>
      JSON.stringify(resource).includes("SubjectErasure"),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Statement[];
    const specs: Record<string, TableSpec> = {
      [tables.decisions]: decisionTable,
      [tables.obligations]: obligationTable,
      [tables.offenders]: offenderTable,
      [tables.alerts]: alertTable,
    };
    const tableId = (name: string) =>
      stateful.getLogicalId(stateful.table(specs[name] as TableSpec).node.defaultChild as CfnElement);
    // The export and the erasure above ran every kind of request: queries, key reads, emptying, moves, deletes.
    expect(new Set(requests.map((request) => request.action))).toEqual(
      new Set(["dynamodb:Query", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]),
    );
    const refused = requests.filter((request) => allowingStatements(statements, request, tableId).length === 0);
    expect(refused).toEqual([]);
    // Each statement, and each table, index and action in it, was needed by some request.
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) {
        for (const resource of [statement.Resource].flat()) {
          const narrowed = { ...statement, Action: action, Resource: resource };
          const used = requests.some((request) => allowingStatements([narrowed], request, tableId).length > 0);
          expect(used, JSON.stringify(narrowed)).toBe(true);
        }
      }
    }
    rmSync(app.outdir, { recursive: true, force: true });
  });

  it("refuses an unknown entity and an empty author in Italian", async () => {
    await expect(run((d) => exportSubject(d, { entity: "comune-nessuno", author: lucia }))).rejects.toThrow(
      /ente sconosciuto "comune-nessuno"/,
    );
    await expect(run((d) => eraseSubject(d, { entity: entityId, author: "  " }))).rejects.toThrow(/--author/);
  });
});
