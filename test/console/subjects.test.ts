import { type ConsoleAuth, createConsoleApp, type Principal } from "@sentinella/console";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { consoleDeps, decision, principal } from "./fixtures";

const people: Record<string, Principal> = {
  auditor: principal(["comune-cento:auditor"], "dpo@comune.it"),
  admin: principal(["comune-cento:admin"], "admin@comune.it"),
  other: principal(["provincia-monza-brianza:auditor"], "revisore@provincia.it"),
};
const origin = "http://127.0.0.1";
const auth: ConsoleAuth = {
  verify: async (token) => {
    const person = people[token];
    if (!person) throw new Error("unknown token");
    return person;
  },
  signIn: () => Promise.reject(new Error("no sign-in in this test")),
  sessionSecret: "s".repeat(48),
  origin,
};
const author = "elena-9031";

describe("console: a citizen's access and erasure requests, for auditors", () => {
  const { deps, decisions, tombstones } = consoleDeps();
  const app = createConsoleApp(deps, auth);
  const get = (path: string, who: string) => app.request(path, { headers: { authorization: `Bearer ${who}` } });
  const erase = (who: string, form: Record<string, string>) =>
    app.request("/console/interessati/cancella", {
      method: "POST",
      headers: { authorization: `Bearer ${who}`, origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ente: "comune-cento", ...form }).toString(),
    });

  it("exports what is held about the author as the CLI's Italian CSV, and JSON with the protocol", async () => {
    await decisions.put({ ...decision({ itemId: "e1", authorId: author, text: "mi chiamo [nome]" }), fullText: "x" });
    await decisions.put(decision({ itemId: "e2", authorId: "someone-else" }));
    const query = `ente=comune-cento&autore=${author}&protocollo=${encodeURIComponent("prot. 77/2026")}`;
    const csv = await get(`/console/interessati/esporta?${query}&formato=csv`, "auditor");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="accesso-comune-cento-2026-12-01.csv"');
    const rows: Record<string, string>[] = parse(await csv.text(), { bom: true, delimiter: ";", columns: true });
    expect(rows.map((row) => [row.tipo, row.elemento, row.autore])).toEqual([["decisione automatica", "e1", author]]);

    const response = await get(`/console/interessati/esporta?${query}&formato=json`, "auditor");
    const json = (await response.json()) as { decisions: unknown[] };
    expect(json).toMatchObject({ exportedBy: "dpo@comune.it", protocol: "prot. 77/2026", authorId: author });
    expect(json.decisions).toHaveLength(1);
  });

  it("erases only when the author is typed twice, records who and the protocol, and leaves the skeleton", async () => {
    const mistyped = await erase("auditor", { autore: author, protocollo: "prot. 78/2026", conferma: "elena-903" });
    expect(mistyped.status).toBe(400);
    expect(await mistyped.text()).toContain("Nessun dato cancellato");
    expect((await decisions.listByItem("facebook#fb-comune-cento#e1"))[0]?.authorId).toBe(author);

    const done = await erase("auditor", { autore: author, protocollo: "prot. 78/2026", conferma: author });
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain("1 decisioni: autore e testo oscurato rimossi");
    expect(page).toContain("dpo@comune.it");
    expect(page).toContain("prot. 78/2026");
    const [kept] = await decisions.listByItem("facebook#fb-comune-cento#e1");
    expect(kept).toMatchObject({ actions: ["review"], redactedText: "" });
    expect(JSON.stringify(kept)).not.toContain(author);
    expect(await tombstones.erasedAt("comune-cento", author)).toBe("2026-12-01T12:00:00.000Z");
    expect(await (await get("/console/interessati?ente=comune-cento", "auditor")).text()).toContain("prot. 78/2026");
  });

  it("refuses requests without a protocol, and the page to an admin or another entity's auditor", async () => {
    expect((await get(`/console/interessati/esporta?ente=comune-cento&autore=${author}`, "auditor")).status).toBe(400);
    expect((await get("/console/interessati?ente=comune-cento", "admin")).status).toBe(403);
    expect((await erase("admin", { autore: author, protocollo: "p", conferma: author })).status).toBe(403);
    expect((await erase("other", { autore: author, protocollo: "p", conferma: author })).status).toBe(403);
  });
});
