import { type ConsoleAuth, createConsoleApp, type Principal } from "@sentinella/console";
import type { DecisionRecord } from "@sentinella/core";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { consoleDeps, decision, principal } from "./fixtures";

const people: Record<string, Principal> = {
  auditor: principal(["comune-cento:auditor"], "revisore@comune.it"),
  moderator: principal(["comune-cento:moderator"], "moderatore@comune.it"),
};
const auth: ConsoleAuth = {
  verify: async (token) => {
    const person = people[token];
    if (!person) throw new Error("unknown token");
    return person;
  },
  signIn: () => Promise.reject(new Error("no sign-in in this test")),
  sessionSecret: "s".repeat(48),
  origin: "http://127.0.0.1",
};

describe("console: audit exports for auditors", () => {
  const { deps, decisions } = consoleDeps();
  const app = createConsoleApp(deps, auth);
  const get = (path: string, who: string) => app.request(path, { headers: { authorization: `Bearer ${who}` } });

  it("lets an auditor download a month's decisions as the Italian CSV the CLI writes", async () => {
    await decisions.put(decision({ itemId: "n1", decidedAt: "2026-11-30T23:30:00.000Z", text: "ciao; «tutti»" }));
    await decisions.put(decision({ itemId: "d1", decidedAt: "2026-12-01T09:00:00.000Z" }));
    // 30 November 23:30 UTC is already 1 December in Rome.
    const response = await get("/console/audit/esporta?ente=comune-cento&mese=2026-12&tipo=decisioni", "auditor");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="decisioni-comune-cento-2026-12.csv"',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const csv = bytes.toString("utf8");
    const rows: Record<string, string>[] = parse(csv, { bom: true, delimiter: ";", columns: true });
    expect(rows.map((row) => [row.elemento, row.decisa_il])).toEqual([
      ["n1", "01/12/2026 00:30:00"],
      ["d1", "01/12/2026 10:00:00"],
    ]);
    expect(rows[0]?.testo_oscurato).toBe("ciao; «tutti»");

    const page = await (await get("/console/audit?ente=comune-cento", "auditor")).text();
    expect(page).toContain("/console/audit/esporta?ente=comune-cento&amp;mese=2026-12&amp;tipo=personale");
  });

  it("refuses the download to a moderator, and a month that is not one", async () => {
    const refused = await get("/console/audit/esporta?ente=comune-cento&mese=2026-12", "moderator");
    expect(refused.status).toBe(403);
    expect(await (await get("/console/audit?ente=comune-cento", "moderator")).text()).toContain(
      "riservate ai revisori",
    );
    expect((await get("/console/audit/esporta?ente=comune-cento&mese=dicembre", "auditor")).status).toBe(400);
  });

  it("prints the statement of reasons of a hide from the item's page, and says when a decision has none", async () => {
    const hidden: DecisionRecord = {
      ...decision({ itemId: "h1", actions: ["hide"], text: "testo nascosto" }),
      actionsTaken: [{ action: "hide", status: "done", at: "2026-12-01T10:00:01.000Z" }],
    };
    await decisions.put(hidden);
    const itemPage = await (await get(`/console/voci/${encodeURIComponent(hidden.itemKey)}`, "auditor")).text();
    const link = `/console/voci/${encodeURIComponent(hidden.itemKey)}/motivazione`;
    expect(itemPage).toContain(link);
    // A moderator logs the author's riesame request: a staff record linked to the decision, in its statement.
    const logged = await app.request(`/console/voci/${encodeURIComponent(hidden.itemKey)}/azioni`, {
      method: "POST",
      headers: {
        authorization: "Bearer moderator",
        origin: "http://127.0.0.1",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ azione: "riesame", nota: "prot. 310/2026, chiede di ripubblicare" }).toString(),
    });
    expect(logged.status).toBe(303);
    const statement = await get(link, "auditor");
    expect(statement.status).toBe(200);
    const text = await statement.text();
    expect(text).toContain("richiesta di riesame – prot. 310/2026, chiede di ripubblicare");
    expect(text).toContain("Motivazione della decisione di moderazione");
    expect(text).toContain("Clausola insult");
    expect(text).toContain("Mezzi di ricorso");
    expect(text).toContain("riesame");

    const allowed = decision({ itemId: "a1", actions: ["allow"] });
    await decisions.put(allowed);
    const none = await get(`/console/voci/${encodeURIComponent(allowed.itemKey)}/motivazione`, "auditor");
    expect(none.status).toBe(400);
  });
});
