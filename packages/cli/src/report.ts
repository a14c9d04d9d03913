import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { stderr, stdout } from "node:process";
import { type MonthData, monthlyFigures, renderMonthlyReport, romeMonthRange } from "@sentinella/audit";
import {
  DynamoDecisionStore,
  DynamoObligationStore,
  DynamoOffenderLedger,
  DynamoStaffRecords,
  decisionTable,
  Env,
  obligationTable,
  offenderTable,
} from "@sentinella/aws";
import { type Clock, systemClock } from "@sentinella/core";
import type { RenderedPage } from "@sentinella/local/browser";
import { getPolicy } from "@sentinella/policy";
import type { Obligation } from "@sentinella/replies";
import { tableName, withDynamo } from "./backend";
import { UsageError } from "./errors";

export interface ReportDeps {
  decisions: DynamoDecisionStore;
  staff: DynamoStaffRecords;
  obligations: DynamoObligationStore;
  offenders: DynamoOffenderLedger;
  clock: Clock;
}

/**
 * One month of an entity from the tables' Queries, never from counters: its decisions (byEntity), the staff
 * records from the month's start to now (overrides and reviews of the month's items may come later), the
 * obligations of its reply decisions (by key), and the ledger's events in the month.
 */
export async function readMonth(deps: ReportDeps, entityId: string, month: string): Promise<MonthData> {
  let range: { from: string; to: string };
  try {
    range = romeMonthRange(month);
  } catch {
    throw new UsageError(`--month vuole AAAA-MM, non "${month}".`);
  }
  const policy = getPolicy(entityId);
  const asOf = deps.clock.now().toISOString();
  const [decisions, staff, events] = await Promise.all([
    deps.decisions.byEntity(entityId, range.from, range.to),
    deps.staff.listByEntity(entityId, range.from, asOf),
    deps.offenders.listByEntity(entityId, range.from),
  ]);
  const replyItems = [...new Set(decisions.filter((d) => d.actions.includes("reply")).map((d) => d.itemKey))];
  const obligations = new Map<string, Obligation>();
  for (const key of replyItems) {
    const obligation = await deps.obligations.get(key);
    if (obligation) obligations.set(key, obligation);
  }
  return {
    entity: { id: entityId, name: policy.name },
    month,
    asOf,
    decisions: decisions.map((d) => ({ ...d, categories: d.categories.map((category) => ({ category })) })),
    staff,
    obligations,
    offenders: events.filter((e) => e.at <= range.to),
  };
}

export interface ReportOptions {
  entity: string;
  month: string;
  /** The HTML report's file; a name ending in .png gets the PNG instead. */
  out?: string;
  /** The report rendered in headless Chromium, as a full-page PNG. */
  png?: string;
}

/**
 * Writes the month's report: HTML to `out` (stdout when there is neither `out` nor a PNG), and the same page
 * rendered by Chromium to a PNG, whose size and charts are told on stderr.
 */
export async function writeReport(deps: ReportDeps, options: ReportOptions): Promise<RenderedPage | undefined> {
  const html = await renderMonthlyReport(monthlyFigures(await readMonth(deps, options.entity, options.month)));
  const png = options.png ?? (options.out && extname(options.out).toLowerCase() === ".png" ? options.out : undefined);
  const htmlFile = options.out === png ? undefined : options.out;
  if (htmlFile) await writeFile(htmlFile, html);
  if (!png) {
    if (!htmlFile) stdout.write(html);
    return undefined;
  }
  const { renderHtmlToPng } = await import("@sentinella/local/browser");
  const rendered = await renderHtmlToPng(html, png);
  stderr.write(`${png}: ${rendered.width}×${rendered.height} px, ${rendered.svgCount} grafici\n`);
  return rendered;
}

export const reportCommand = (options: ReportOptions) =>
  withDynamo(Env.decisionTable, async ({ document }) => {
    await writeReport(
      {
        decisions: new DynamoDecisionStore({ document, tableName: tableName(decisionTable, Env.decisionTable) }),
        staff: new DynamoStaffRecords(document, tableName(decisionTable, Env.decisionTable)),
        obligations: new DynamoObligationStore({
          document,
          tableName: tableName(obligationTable, Env.obligationTable),
          entityFor: getPolicy,
        }),
        offenders: new DynamoOffenderLedger(document, tableName(offenderTable, Env.offenderTable)),
        clock: systemClock,
      },
      options,
    );
  });
