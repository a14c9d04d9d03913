import { readFile } from "node:fs/promises";
import { stdout } from "node:process";
import { DynamoDecisionStore, decisionReader, decisionTable, Env } from "@sentinella/aws";
import { loadPeriod, type ReplayReport, replayDecisions } from "@sentinella/console";
import type { DecisionReader } from "@sentinella/core";
import { table } from "@sentinella/local/terminal";
import { getPolicy, loadPolicy, type Policy } from "@sentinella/policy";
import { tableName, withDynamo } from "./backend";
import { UsageError } from "./errors";

export interface ReplayOptions {
  entity: string;
  from: string;
  to: string;
  /** A policy document (JSON) to try instead of the entity's current one. */
  policy?: string;
  json?: boolean;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

function checkPeriod(options: ReplayOptions): void {
  if (!day.test(options.from) || !day.test(options.to)) throw new UsageError("--from e --to: date AAAA-MM-GG");
}

/** The policy to replay: the draft file, which must be the entity's, or the entity's current policy. */
async function policyOf(options: ReplayOptions): Promise<Policy> {
  if (!options.policy) return getPolicy(options.entity);
  let policy: Policy;
  try {
    policy = loadPolicy(JSON.parse(await readFile(options.policy, "utf8")));
  } catch (error) {
    throw new UsageError(`Bozza di policy non valida (${options.policy}): ${(error as Error).message}`);
  }
  if (policy.id !== options.entity)
    throw new UsageError(`La bozza è la policy di ${policy.id}, non di ${options.entity}.`);
  return policy;
}

const summary = (actions: readonly string[], categories: readonly string[]) =>
  `${actions.join(", ") || "nessuna azione"}${categories.length ? `\n${categories.join(", ")}` : ""}`;

/** What would change, in Italian for staff: the counts, then each changed item before and after. */
export function formatReplay(report: ReplayReport, options: Pick<ReplayOptions, "entity" | "from" | "to">): string {
  const head = [
    `Prova di ${options.entity} dal ${options.from} al ${options.to}: policy ${report.policyVersion}, motore ${report.classifierVersion}. Nessuna azione eseguita.`,
    `Rivalutati ${report.replayed} contenuti (${report.withoutText} senza testo completo, non più conservato).`,
    `Nuovi nascosti: ${report.newlyHidden} · non più nascosti: ${report.noLongerHidden} · categoria diversa: ${report.categoryChanged}`,
  ];
  if (report.changes.length === 0) return [...head, "Nessun cambiamento."].join("\n");
  const rows = report.changes.map((change) => [
    `${change.itemKey}\n${change.redactedText.replace(/\s+/g, " ").slice(0, 80)}`,
    summary(change.before.actions, change.before.categories),
    summary(change.after.actions, change.after.categories),
  ]);
  return [...head, table(["contenuto", "prima", "dopo"], rows, { separateRows: true, widths: [50, 24, 24] })].join(
    "\n",
  );
}

/** Replays the period with the console's replay (one implementation) and writes what would change. */
export async function replay(decisions: DecisionReader, options: ReplayOptions, write: (text: string) => void) {
  checkPeriod(options);
  const policy = await policyOf(options);
  const records = await loadPeriod(
    decisions,
    options.entity,
    `${options.from}T00:00:00.000Z`,
    `${options.to}T23:59:59.999Z`,
  );
  const report = replayDecisions(records, policy);
  write(`${options.json ? JSON.stringify(report) : formatReplay(report, options)}\n`);
}

export async function replayCommand(options: ReplayOptions) {
  checkPeriod(options);
  await withDynamo(Env.decisionTable, async ({ document }) => {
    const store = new DynamoDecisionStore({ document, tableName: tableName(decisionTable, Env.decisionTable) });
    await replay(decisionReader(store), options, (text) => stdout.write(text));
  });
}
