import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { stdout } from "node:process";
import {
  csvChunk,
  erasureSummary,
  type Locale,
  romeDateTime,
  type SubjectRequests,
  subjectColumns,
  subjectEntries,
  subjectSummary,
} from "@sentinella/audit";
import {
  alertTable,
  DynamoSubjectData,
  decisionTable,
  Env,
  obligationTable,
  offenderTable,
  type SubjectTables,
} from "@sentinella/aws";
import { type Clock, systemClock } from "@sentinella/core";
import { table } from "@sentinella/local/terminal";
import { getPolicy, policies } from "@sentinella/policy";
import * as z from "zod";
import { tableName, withDynamo } from "./backend";
import { UsageError } from "./errors";

const SubjectOptions = z.object({
  entity: z.string().min(1),
  author: z.string().trim().min(1, "--author: l'id dell'autore sulla piattaforma, non vuoto."),
});

export const ExportOptions = SubjectOptions.extend({
  json: z.boolean().optional(),
  csv: z.boolean().optional(),
  locale: z.enum(["it", "en"]).default("it"),
});
export type ExportOptions = z.input<typeof ExportOptions>;

export const EraseOptions = SubjectOptions.extend({
  reason: z.string().trim().min(1).max(500).optional(),
  by: z.string().trim().min(1).optional(),
});
export type EraseOptions = z.input<typeof EraseOptions>;

export interface SubjectDeps {
  subjects: SubjectRequests;
  clock: Clock;
  write(text: string): void;
}

/** Options checked once, in Italian: the entity must be one Sentinella has a policy for. */
function parse<Schema extends z.ZodType>(schema: Schema, options: unknown): z.output<Schema> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join("\n"));
  const { entity } = parsed.data as { entity: string };
  if (!policies.some((policy) => policy.id === entity))
    throw new UsageError(`--entity: ente sconosciuto "${entity}"; enti: ${policies.map((p) => p.id).join(", ")}.`);
  return parsed.data;
}

/** `subject export`: everything held about one author (GDPR art. 15), a summary, JSON or the Italian CSV. */
export async function exportSubject(deps: SubjectDeps, raw: ExportOptions): Promise<void> {
  const options = parse(ExportOptions, raw);
  if (options.json && options.csv) throw new UsageError("Scegli --json oppure --csv, non entrambi.");
  const data = await deps.subjects.collect(options.entity, options.author);
  if (options.json) {
    deps.write(`${JSON.stringify({ exportedAt: deps.clock.now().toISOString(), ...data }, null, 2)}\n`);
  } else if (options.csv) {
    deps.write(csvChunk(subjectColumns, subjectEntries(data), { locale: options.locale as Locale, first: true }));
  } else {
    deps.write(`${subjectSummary(data)}\n`);
  }
}

/** `subject erase`: removes or pseudonymises one author's personal data everywhere (GDPR art. 17). */
export async function eraseSubject(deps: SubjectDeps, raw: EraseOptions): Promise<void> {
  const options = parse(EraseOptions, raw);
  const record = await deps.subjects.erase(options.entity, options.author, {
    erasureId: randomUUID(),
    at: deps.clock.now().toISOString(),
    by: options.by ?? userInfo().username,
    ...(options.reason ? { reason: options.reason } : {}),
  });
  deps.write(`${erasureSummary(record)}\n`);
}

/** `subject erasures`: an entity's erasure records, what an auditor shows to account for the requests answered. */
export async function listErasures(deps: SubjectDeps, raw: { entity: string; json?: boolean }): Promise<void> {
  const options = parse(SubjectOptions.pick({ entity: true }).extend({ json: z.boolean().optional() }), raw);
  const records = await deps.subjects.erasures(options.entity);
  if (options.json) return deps.write(`${JSON.stringify(records)}\n`);
  if (records.length === 0) return deps.write("Nessuna cancellazione registrata.\n");
  const rows = records.map((r) => [
    romeDateTime(r.at, "it"),
    r.by,
    r.reason ?? "",
    String(r.counts.decisionRows),
    String(r.counts.fullTexts),
    String(r.counts.staffRecords),
    String(r.counts.obligations),
    String(r.counts.offenderEvents),
    String(r.counts.pendingAlerts),
  ]);
  const header = ["data", "eseguita_da", "motivo", "decisioni", "testi", "personale", "obblighi", "recidiva", "avvisi"];
  deps.write(`${table(header, rows)}\n${records.length} cancellazioni registrate.\n`);
}

const subjectTables = (): SubjectTables => ({
  decisions: tableName(decisionTable, Env.decisionTable),
  obligations: tableName(obligationTable, Env.obligationTable),
  offenders: tableName(offenderTable, Env.offenderTable),
  alerts: tableName(alertTable, Env.alertTable),
});

const run = (work: (deps: SubjectDeps) => Promise<void>) =>
  withDynamo(Env.decisionTable, ({ document }) =>
    work({
      subjects: new DynamoSubjectData(document, subjectTables(), getPolicy),
      clock: systemClock,
      write: (text) => stdout.write(text),
    }),
  );

export const exportCommand = (options: ExportOptions) => run((deps) => exportSubject(deps, options));
export const eraseCommand = (options: EraseOptions) => run((deps) => eraseSubject(deps, options));
export const erasuresCommand = (options: { entity: string; json?: boolean }) =>
  run((deps) => listErasures(deps, options));
