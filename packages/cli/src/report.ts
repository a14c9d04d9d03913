import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { stderr, stdout } from "node:process";
import {
  type MonthData,
  monthlyFigures,
  readMonth as readMonthFrom,
  renderMonthlyReport,
  romeMonthRange,
} from "@sentinella/audit";
import {
  DynamoDecisionStore,
  DynamoObligationStore,
  DynamoOffenderLedger,
  DynamoStaffRecords,
  decisionReader,
  decisionTable,
  Env,
  obligationTable,
  offenderTable,
} from "@sentinella/aws";
import { type Clock, systemClock } from "@sentinella/core";
import type { RenderedPage } from "@sentinella/local/browser";
import { getPolicy } from "@sentinella/policy";
import { tableName, withDynamo } from "./backend";
import { UsageError } from "./errors";

export interface ReportDeps {
  decisions: DynamoDecisionStore;
  staff: DynamoStaffRecords;
  obligations: DynamoObligationStore;
  offenders: DynamoOffenderLedger;
  clock: Clock;
}

/** One month of an entity from the tables' Queries (packages/audit `readMonth`), the month checked for the CLI. */
export async function readMonth(deps: ReportDeps, entityId: string, month: string): Promise<MonthData> {
  let range: { from: string; to: string };
  try {
    range = romeMonthRange(month);
  } catch {
    throw new UsageError(`--month vuole AAAA-MM, non "${month}".`);
  }
  const sources = { ...deps, decisions: decisionReader(deps.decisions) };
  return readMonthFrom(sources, { id: entityId, name: getPolicy(entityId).name }, month, range);
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
