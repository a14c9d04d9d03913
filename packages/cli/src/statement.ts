import { stdout } from "node:process";
import { DecisionNotFoundError, statementHtml, statementOfReasons, statementText } from "@sentinella/audit";
import { DynamoDecisionStore, DynamoStaffRecords, decisionTable, Env } from "@sentinella/aws";
import { type Clock, type DecisionRecord, showingActions, systemClock } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import { tableName, withDynamo } from "./backend";

export interface StatementDeps {
  decisions: DynamoDecisionStore;
  staff: DynamoStaffRecords;
  clock: Clock;
  write(text: string): void;
}

const hid = (r: DecisionRecord) => r.actions.includes("hide") || r.actionsTaken.some((a) => a.action === "hide");

/**
 * The statement of reasons of one decision: `reference` is a decision's reference (item version key) or an item's
 * key, whose latest hiding decision is meant. Staff records that showed or confirmed the item again are its riesame.
 */
export async function printStatement(deps: StatementDeps, reference: string, options: { html?: boolean }) {
  const itemKey = reference.replace(/#(created|edited|deleted)#[^#]*$/, "");
  const [history, staff] = await Promise.all([deps.decisions.listByItem(itemKey), deps.staff.listByItem(itemKey)]);
  const record = history.find((r) => r.itemVersionKey === reference) ?? history.filter(hid).at(-1) ?? history.at(-1);
  if (!record) throw new DecisionNotFoundError(`Nessuna decisione con riferimento ${reference}.`);
  const riesame = staff
    .filter((s) => s.at >= record.decidedAt && (showingActions.has(s.action) || s.action === "confirm"))
    .map((s) => ({ action: s.action, at: s.at, ...(s.note ? { note: s.note } : {}) }));
  const statement = statementOfReasons(record, getPolicy(record.entityId), { issuedAt: deps.clock.now(), riesame });
  deps.write(`${options.html ? statementHtml(statement) : statementText(statement)}\n`);
}

export const statementCommand = (reference: string, options: { html?: boolean }) =>
  withDynamo(Env.decisionTable, async ({ document }) => {
    const name = tableName(decisionTable, Env.decisionTable);
    await printStatement(
      {
        decisions: new DynamoDecisionStore({ document, tableName: name }),
        staff: new DynamoStaffRecords(document, name),
        clock: systemClock,
        write: (text) => stdout.write(text),
      },
      reference,
      options,
    );
  });
