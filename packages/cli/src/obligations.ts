import { env, stdout } from "node:process";
import { parseArgs } from "node:util";
import { DynamoObligationStore, dynamoClients, Env, obligationTable } from "@sentinella/aws";
import { type Clock, systemClock } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import type { Obligation, ObligationStore } from "@sentinella/replies";

const usage = `Usage: sentinella obligations list [--limit <n>] [--json]
       sentinella obligations close <itemKey>
Against the DynamoDB of ${Env.awsEndpointUrl} (local mode: the running npm start's), else AWS;
table ${Env.obligationTable}, else the local mode's.`;

function holdingReplyStatus(obligation: Obligation): string {
  switch (obligation.holdingReply?.state) {
    case undefined:
      return "waiting";
    case "confirmed":
      return "holding reply sent";
    case "intended":
      return "holding reply in flight";
    case "released":
      return "holding reply to retry";
    case "failed":
      return "holding reply failed";
    case "shadow":
      return "holding reply not sent (shadow mode)";
  }
}

const romeTime = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  weekday: "short",
  day: "2-digit",
  month: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** Open obligations as a table, due soonest first: what staff must answer, and what Sentinella already did. */
export function formatObligations(obligations: readonly Obligation[], now: Date): string {
  if (obligations.length === 0) return "No open obligations.";
  const rows = obligations.map((o) => [
    o.entityId,
    o.platform,
    o.itemKey,
    o.kind,
    `${romeTime.format(new Date(o.dueAt))}${Date.parse(o.dueAt) <= now.getTime() ? " (overdue)" : ""}`,
    [holdingReplyStatus(o), ...o.alerted.map((reason) => `alerted ${reason.replace("_", " ")}`)].join(", "),
  ]);
  const header = ["entity", "platform", "item", "kind", "due (Rome)", "status"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The command against a given store and clock (tests pass DynamoDB Local's). */
export async function obligationsCommand(
  args: string[],
  deps: { store: ObligationStore; clock: Clock; write(text: string): void },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { limit: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const [action, key, ...extra] = positionals;
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const limitValid = limit === undefined || (Number.isInteger(limit) && limit > 0);
  if (action === "list" && !key && limitValid) {
    const open = await deps.store.listOpen(limit);
    deps.write(`${values.json ? JSON.stringify(open) : formatObligations(open, deps.clock.now())}\n`);
    return 0;
  }
  if (action === "close" && key && extra.length === 0) {
    const closed = await deps.store.close(key, "staff_action", deps.clock.now());
    deps.write(closed ? `Closed ${key}.\n` : `No open obligation for ${key}.\n`);
    return closed ? 0 : 1;
  }
  deps.write(`${usage}\n`);
  return 2;
}

/** Local mode's endpoint when `npm start` is running; undefined means AWS itself. */
async function dynamoEndpoint(): Promise<string | undefined> {
  if (env[Env.awsEndpointUrl]) return env[Env.awsEndpointUrl];
  const { readEndpoints } = await import("@sentinella/local");
  return (await readEndpoints())?.dynamoDbEndpoint;
}

export async function run(args: string[]): Promise<number> {
  const { client, document } = dynamoClients(await dynamoEndpoint());
  // Local mode names its tables "sentinella-<id>" (packages/local pipeline).
  const tableName = env[Env.obligationTable] ?? `sentinella-${obligationTable.id.toLowerCase()}`;
  const store = new DynamoObligationStore({ document, tableName, entityFor: getPolicy });
  try {
    return await obligationsCommand(args, { store, clock: systemClock, write: (text) => stdout.write(text) });
  } finally {
    client.destroy();
  }
}
