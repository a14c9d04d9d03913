import { stdout } from "node:process";
import { DynamoObligationStore, Env, obligationTable } from "@sentinella/aws";
import { type Clock, systemClock } from "@sentinella/core";
import { table } from "@sentinella/local/terminal";
import { getPolicy } from "@sentinella/policy";
import type { Obligation, ObligationStore } from "@sentinella/replies";
import { tableName, withDynamo } from "./backend";
import { CliError } from "./errors";

const holdingReplyStatus: Record<NonNullable<Obligation["holdingReply"]>["state"] | "none", string> = {
  none: "in attesa",
  confirmed: "risposta interlocutoria inviata",
  intended: "risposta interlocutoria in invio",
  released: "risposta interlocutoria da ritentare",
  failed: "risposta interlocutoria non riuscita",
  shadow: "risposta interlocutoria non inviata (modalità prova)",
};
const alertLabel: Record<Obligation["alerted"][number], string> = {
  deadline_near: "avvisato: scadenza vicina",
  deadline_passed: "avvisato: scadenza passata",
};
const kindLabel: Record<Obligation["kind"], string> = {
  question: "domanda",
  personal_request: "richiesta personale",
  emergency: "emergenza",
};

const romeTime = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  weekday: "short",
  day: "2-digit",
  month: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

const excerpt = (text: string, max = 120) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/** Open obligations as a table, due soonest first: what the citizen asked, by when, and what Sentinella did. */
export function formatObligations(obligations: readonly Obligation[], now: Date): string {
  if (obligations.length === 0) return "Nessun obbligo di risposta aperto.";
  const rows = obligations.map((o) => [
    `${o.entityId}\n${o.platform} ${o.itemId}`,
    `${kindLabel[o.kind]}: ${excerpt(o.redactedText)}`,
    `${romeTime.format(new Date(o.dueAt))}${Date.parse(o.dueAt) <= now.getTime() ? "\nSCADUTO" : ""}`,
    [holdingReplyStatus[o.holdingReply?.state ?? "none"], ...o.alerted.map((a) => alertLabel[a])].join("\n"),
  ]);
  return table(["ente / elemento", "richiesta del cittadino", "scadenza (Roma)", "stato"], rows, {
    separateRows: true,
    widths: [26, 42, 19, 28],
  });
}

export interface ObligationsDeps {
  store: ObligationStore;
  clock: Clock;
  write(text: string): void;
}

export async function listObligations(deps: ObligationsDeps, options: { limit?: number; json?: boolean }) {
  const open = await deps.store.listOpen(options.limit);
  deps.write(`${options.json ? JSON.stringify(open) : formatObligations(open, deps.clock.now())}\n`);
}

/** Closes by full item key, or by the platform's item id as the list shows it. */
export async function closeObligation(deps: ObligationsDeps, item: string) {
  const key = item.includes("#")
    ? item
    : (await deps.store.listOpen()).find((o) => o.itemId === item || o.itemKey.endsWith(`#${item}`))?.itemKey;
  if (!key || !(await deps.store.close(key, "staff_action", deps.clock.now())))
    throw new CliError(`Nessun obbligo aperto per ${item} (vedi: sentinella obligations list)`);
  deps.write(`Chiuso l'obbligo di risposta per ${key}.\n`);
}

async function withStore(work: (deps: ObligationsDeps) => Promise<void>) {
  await withDynamo(Env.obligationTable, async ({ document }) => {
    const store = new DynamoObligationStore({
      document,
      tableName: tableName(obligationTable, Env.obligationTable),
      entityFor: getPolicy,
    });
    await work({ store, clock: systemClock, write: (text) => stdout.write(text) });
  });
}

export const listCommand = (options: { limit?: number; json?: boolean }) =>
  withStore((deps) => listObligations(deps, options));
export const closeCommand = (item: string) => withStore((deps) => closeObligation(deps, item));
