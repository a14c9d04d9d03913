import { describe, expect, it } from "vitest";
import { NoStatementError, statementHtml, statementOfReasons, statementText } from "../../packages/audit/src";
import { cento, decided } from "./fixtures";

const issuedAt = new Date("2026-11-05T10:00:00Z");

describe("statement of reasons (DSA art. 17)", () => {
  it("states decision, scope, facts with redacted evidence, automation, ground and redress", () => {
    const record = decided("Sei un imbecille, Mario Rossi: ti aspetto sotto casa in via Modena 12", {
      itemId: "c1",
      at: "2026-11-04T21:15:00Z",
    });
    expect(record.actions).toContain("hide");
    const statement = statementOfReasons(record, cento, { issuedAt });
    const text = statementText(statement);

    expect(statement.decision.summary).toBe("Il commento su Facebook è stato nascosto.");
    expect(statement.decision.scope).toContain("resta visibile solo all'autore e ai suoi amici");
    expect(statement.automation.detection).toContain("Sì");
    expect(statement.ground.clauses).toEqual(
      expect.arrayContaining(record.categories.filter((c) => c.category !== "question").map((c) => c.clause)),
    );
    expect(statement.redress.riesame).toContain("urp@comune.cento.fe.it");
    expect(statement.redress.riesame).toContain("180 giorni");
    expect(statement.redress.riesame).toContain(record.itemVersionKey);
    // The evidence quotes the words of the breach, never the personal data, and the decision time is Rome's.
    expect(text).toContain("«imbecille»");
    expect(text).toContain("04/11/2026 22:15:00");
    for (const personal of ["Mario", "Rossi", "Modena 12"]) {
      expect(text).not.toContain(personal);
      expect(statementHtml(statement)).not.toContain(personal);
    }
  });

  it("says the text is no longer kept once the author's data expired or was erased, and keeps the rest", () => {
    const { authorId: _erased, ...record } = decided("Per info chiamate il 347 123 4567", {
      itemId: "c9",
      at: "2026-11-04T10:00:00Z",
    });
    const statement = statementOfReasons({ ...record, redactedText: "" }, cento, { issuedAt });
    expect(statementText(statement)).toContain("Testo (con i dati personali oscurati): non più conservato");
    expect(statement.facts.findings).toEqual([{ category: "dati personali", evidence: ["numero di telefono"] }]);
  });

  it("names the kind of personal data a pii hide masked", () => {
    const record = decided("Per info chiamate il 347 123 4567", { itemId: "c2", at: "2026-11-04T10:00:00Z" });
    const statement = statementOfReasons(record, cento, { issuedAt });
    expect(statement.facts.findings).toEqual([{ category: "dati personali", evidence: ["numero di telefono"] }]);
    expect(statementText(statement)).not.toContain("4567");
  });

  it("says when a shadow-mode deployment only recorded the hide, and lists a riesame request", () => {
    const record = decided("vaffanculo a tutti", { itemId: "c3", at: "2026-11-04T10:00:00Z", mode: "shadow" });
    const statement = statementOfReasons(record, cento, {
      issuedAt,
      riesame: [{ action: "riesame", at: "2026-11-05T09:00:00Z", note: "richiesta via PEC" }],
    });
    expect(statement.decision.summary).toContain("modalità di prova");
    expect(statementText(statement)).toContain("richiesta di riesame – richiesta via PEC");
  });

  it("says a LinkedIn comment was deleted, not hidden, where the body chose deletion", () => {
    const at = "2026-11-04T10:00:00Z";
    const record = decided("Siete degli stronzi", { itemId: "c5", at, platform: "linkedin", removal: "delete" });
    const statement = statementOfReasons(record, cento, { issuedAt });
    expect(statement.decision.summary).toBe("Il commento su LinkedIn è stato eliminato.");
    expect(statement.decision.scope).toContain("è stato eliminato");
    expect(statement.automation.decision).toContain("eliminato");
    expect(statementText(statement)).not.toContain("nascosto");
  });

  it("has no statement for a LinkedIn comment sent to review, which stayed visible", () => {
    const record = decided("Siete degli stronzi", { itemId: "c7", at: "2026-11-04T10:00:00Z", platform: "linkedin" });
    expect(record.actions).toEqual(["review"]);
    expect(record.explanation).toMatch(/^Il contenuto resta visibile/);
    expect(() => statementOfReasons(record, cento, { issuedAt })).toThrow(NoStatementError);
  });

  it("refuses a hide the platform refused: the comment stayed visible and went to staff", () => {
    const record = {
      ...decided("Siete degli stronzi", { itemId: "c6", at: "2026-11-04T10:00:00Z", platform: "x" }),
      actionsTaken: [
        {
          action: "hide" as const,
          status: "failed" as const,
          at: "2026-11-04T10:00:01Z",
          error: { code: "not_hideable", message: "an X reply cannot be hidden by the account" },
        },
      ],
    };
    expect(() => statementOfReasons(record, cento, { issuedAt })).toThrow(/rifiutato.*rimasto visibile/);
  });

  it("refuses a decision that hid nothing", () => {
    const record = decided("Quando apre la biblioteca?", { itemId: "c4", at: "2026-11-04T10:00:00Z" });
    expect(() => statementOfReasons(record, cento, { issuedAt })).toThrow(NoStatementError);
  });
});
