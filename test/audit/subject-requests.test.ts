import { InMemorySubjectRequests } from "@sentinella/audit";
import {
  type DecisionRecord,
  InMemoryDecisionStore,
  InMemoryErasureTombstones,
  InMemoryOffenderLedger,
  InMemoryStaffRecords,
  type StaffRecord,
} from "@sentinella/core";
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import { eraseSubject, exportSubject, listErasures, type SubjectDeps } from "../../packages/cli/src/subject";
import { recorded } from "./fixtures";

const entityId = "comune-cento";
const giulia = "giulia-3310";
const piero = "piero-4420";
const today = new Date("2026-11-30T09:00:00.000Z");

const withTexts = (record: DecisionRecord, fullText: string, redactedText: string): DecisionRecord => ({
  ...record,
  fullText,
  redactedText,
});
const hidden = withTexts(
  recorded({ itemId: "t1", at: "2026-11-20T10:00:00.000Z", authorId: giulia, actions: ["hide"], categories: ["pii"] }),
  "chiamatemi al 347 1122334",
  "chiamatemi al [telefono]",
);
const allowed = withTexts(
  recorded({ itemId: "t2", at: "2026-11-21T10:00:00.000Z", authorId: piero, actions: ["allow"] }),
  "buongiorno a tutti",
  "buongiorno a tutti",
);
const unhide = (record: DecisionRecord): StaffRecord => ({
  schemaVersion: 1,
  recordType: "staff",
  recordId: "2026-11-22T08:00:00.000Z#unhide",
  itemKey: record.itemKey,
  entityId,
  platform: record.platform,
  accountId: record.accountId,
  itemId: record.itemId,
  authorId: record.authorId,
  action: "unhide",
  source: "console",
  by: { userId: "u1", name: "maria@comune.cento.fe.it" },
  at: "2026-11-22T08:00:00.000Z",
  note: "chiede di ripubblicarlo",
  result: { status: "done", platformResult: { success: true } },
});

describe("subject requests on the in-memory stores, through the CLI's commands", () => {
  let stores: {
    decisions: InMemoryDecisionStore;
    staff: InMemoryStaffRecords;
    offenders: InMemoryOffenderLedger;
    tombstones: InMemoryErasureTombstones;
  };
  let subjects: InMemorySubjectRequests;
  let output: string[];
  const run = async (work: (deps: SubjectDeps) => Promise<void>) => {
    output = [];
    await work({ subjects, clock: { now: () => today }, write: (text) => output.push(text) });
    return output.join("");
  };

  beforeEach(async () => {
    stores = {
      decisions: new InMemoryDecisionStore(),
      staff: new InMemoryStaffRecords(),
      offenders: new InMemoryOffenderLedger(),
      tombstones: new InMemoryErasureTombstones(),
    };
    subjects = new InMemorySubjectRequests(stores);
    for (const record of [hidden, allowed]) await stores.decisions.put(record);
    for (const record of [hidden, allowed]) await stores.staff.append(unhide(record));
    // What the console appends for that unhide; Sentinella's hide is read from the decision.
    await stores.offenders.append({
      entityId,
      authorId: giulia,
      platform: "facebook",
      accountId: hidden.accountId,
      kind: "withdrawn",
      at: unhide(hidden).at,
      eventId: unhide(hidden).recordId,
      itemKey: hidden.itemKey,
      by: "maria@comune.cento.fe.it",
    });
    subjects.pendingAlerts.push({
      alert: { itemKey: hidden.itemKey, reason: "review", platform: "facebook", redactedText: hidden.redactedText },
      queuedAt: hidden.decidedAt,
    });
  });

  it("exports one author's decisions, staff records, ledger and alerts, and nobody else's", async () => {
    const csv = await run((d) => exportSubject(d, { entity: entityId, author: giulia, csv: true }));
    const rows: Record<string, string>[] = parse(csv, { bom: true, delimiter: ";", columns: true });
    expect(rows.map((row) => row.tipo)).toEqual([
      "decisione automatica",
      "registro recidiva",
      "avviso al personale",
      "decisione del personale",
      "registro recidiva",
    ]);
    expect(rows[0]).toMatchObject({ testo_completo: hidden.fullText, autore: giulia });
    expect(csv).not.toContain(piero);
  });

  it("erases the author: the anonymous decision stays, nothing of theirs is readable, the tombstone is set", async () => {
    const report = await run((d) => eraseSubject(d, { entity: entityId, author: giulia, reason: "prot. 12/2026" }));
    expect(report).toContain("1 decisioni: autore e testo oscurato rimossi");
    expect(report).toContain("1 testi completi rimossi");
    expect(report).toContain("1 eventi del registro recidiva resi anonimi");
    expect(report).toContain("1 avvisi al personale in attesa eliminati");

    const everything = JSON.stringify([
      await stores.decisions.listByItem(hidden.itemKey),
      await stores.staff.listByItem(hidden.itemKey),
      stores.offenders.events,
      subjects.pendingAlerts,
    ]);
    for (const personal of [giulia, "347 1122334", "[telefono]", "ripubblicarlo"]) {
      expect(everything).not.toContain(personal);
    }
    expect(await stores.decisions.get(hidden)).toMatchObject({ actions: ["hide"], categories: hidden.categories });
    expect(await stores.decisions.get(allowed)).toMatchObject({ authorId: piero, fullText: allowed.fullText });
    expect(await stores.tombstones.erasedAt(entityId, giulia)).toBe(today.toISOString());

    expect(await run((d) => eraseSubject(d, { entity: entityId, author: giulia }))).toContain(
      "Nessun dato personale da cancellare",
    );
    expect(await run((d) => listErasures(d, { entity: entityId }))).toContain("1 cancellazioni registrate.");
    expect(await run((d) => exportSubject(d, { entity: entityId, author: giulia }))).toContain(
      "Nessun dato conservato",
    );
  });
});
