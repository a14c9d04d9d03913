import { stdout } from "node:process";
import { itemStatement, statementHtml, statementText } from "@sentinella/audit";
import { DynamoDecisionStore, DynamoStaffRecords, decisionTable, Env } from "@sentinella/aws";
import { type Clock, systemClock } from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";
import { tableName, withDynamo } from "./backend";

export interface StatementDeps {
  decisions: DynamoDecisionStore;
  staff: DynamoStaffRecords;
  clock: Clock;
  write(text: string): void;
}

/** The statement of reasons of one decision or item (see `itemStatement`), as text or printable HTML. */
export async function printStatement(deps: StatementDeps, reference: string, options: { html?: boolean }) {
  const itemKey = reference.replace(/#(created|edited|deleted)#[^#]*$/, "");
  const [decisions, staff] = await Promise.all([deps.decisions.listByItem(itemKey), deps.staff.listByItem(itemKey)]);
  const statement = itemStatement({ decisions, staff }, reference, getPolicy, deps.clock.now());
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
