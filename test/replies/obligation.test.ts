import { policies } from "@sentinella/policy";
import { createObligation, holdingReplyText, type Obligation, planObligation, replyTarget } from "@sentinella/replies";
import { describe, expect, it } from "vitest";
import { cento, massa, monza, rome } from "./entities";
import { citizenItem, decisionFor } from "./fixtures";

const iso = (wallTime: string) => rome(wallTime).toISOString();
const stepTypes = (obligation: Obligation, entity: typeof monza, at: string) =>
  planObligation(obligation, entity, rome(at)).steps.map((step) => (step.type === "alert" ? step.reason : step.type));

describe("createObligation", () => {
  it("takes its kind from the decision, emergency first", () => {
    const item = citizenItem();
    expect(createObligation(item, decisionFor(item, ["question"]), monza).kind).toBe("question");
    expect(createObligation(item, decisionFor(item, ["personal_request", "question"]), monza).kind).toBe(
      "personal_request",
    );
    expect(createObligation(item, decisionFor(item, ["question", "emergency"]), monza).kind).toBe("emergency");
  });

  it("is due 48 hours after the item was written, not after it was classified", () => {
    const item = citizenItem({ createdAt: iso("2026-11-27 17:55"), receivedAt: iso("2026-11-27 19:00") });
    expect(createObligation(item, decisionFor(item, ["question"]), monza).dueAt).toBe(iso("2026-11-29 17:55"));
  });

  it("answers in private when the item holds personal data, was hidden or was a private message", () => {
    const item = citizenItem({ text: "Sono Mario Rossi, RSSMRA80A01F205X: quando arriva il rimborso?" });
    const redacted = decisionFor(item, ["personal_request"], { redactedText: "Sono [nome], [codice fiscale]: …" });
    expect(createObligation(item, redacted, monza).channel).toBe("private");
    const hidden = decisionFor(item, ["question", "insult"], { actions: ["hide", "reply"] });
    expect(createObligation(item, hidden, monza).channel).toBe("private");
    const message = citizenItem({ kind: "message" });
    expect(createObligation(message, decisionFor(message, ["question"]), monza).channel).toBe("private");
    const plain = citizenItem();
    expect(createObligation(plain, decisionFor(plain, ["question"]), monza).channel).toBe("public");
  });
});

describe("replyTarget", () => {
  it("answers an Instagram reply on its top-level comment, which is the only kind Instagram accepts replies on", () => {
    const item = citizenItem({ platform: "instagram", kind: "reply", itemId: "ig-reply-2", threadId: "ig-top-1" });
    const target = replyTarget(createObligation(item, decisionFor(item, ["question"]), monza));
    expect(target).toMatchObject({ itemId: "ig-top-1", kind: "comment" });
  });

  it("answers a Facebook reply where it is", () => {
    const item = citizenItem({ kind: "reply", itemId: "fb-reply-2", threadId: "fb-top-1" });
    expect(replyTarget(createObligation(item, decisionFor(item, ["question"]), monza)).itemId).toBe("fb-reply-2");
  });
});

describe("holding reply templates", () => {
  it("tells someone in danger to call 112 and gives the entity's contacts", () => {
    const text = holdingReplyText("emergency", cento);
    expect(text).toContain("112");
    expect(text).toContain("800.375.515");
  });

  it("redirects personal requests to the official channel", () => {
    expect(holdingReplyText("personal_request", cento)).toContain("l'URP (urp@comune.cento.fe.it");
  });

  it.each(policies)("$name: every holding reply points to a contact the entity publishes", (policy) => {
    const published = [...policy.contacts.emails, ...policy.contacts.phones, ...policy.contacts.websites];
    for (const kind of ["question", "personal_request", "emergency"] as const) {
      const text = holdingReplyText(kind, policy);
      expect(published.some((contact) => text.includes(contact))).toBe(true);
    }
  });

  it("acknowledges a question with the URP e-mail, toll-free number and web site", () => {
    expect(holdingReplyText("question", massa)).toBe(
      "Grazie per la sua domanda: l'abbiamo ricevuta e gli uffici le risponderanno appena possibile, nei giorni " +
        "e negli orari di servizio. Nel frattempo può scrivere a filodiretto@provincia.ms.it, chiamare il numero " +
        "verde 800498498 o visitare www.provincia.ms.it.",
    );
  });
});

describe("planObligation", () => {
  it("sends the holding reply at once for a Friday-evening question at Monza: nobody is on duty before Sunday's deadline", () => {
    const item = citizenItem({ createdAt: iso("2026-11-27 17:55") });
    const obligation = createObligation(item, decisionFor(item, ["question"]), monza);
    expect(stepTypes(obligation, monza, "2026-11-27 18:00")).toEqual(["holding_reply"]);
  });

  it("waits for staff on a Monday-afternoon question at Cento until 75% of the deadline has gone", () => {
    const item = citizenItem({ entityId: "comune-cento", createdAt: iso("2026-11-23 14:00") });
    const obligation = createObligation(item, decisionFor(item, ["question"]), cento);
    const plan = planObligation(obligation, cento, rome("2026-11-23 14:05"));
    expect(plan.steps).toEqual([]);
    expect(plan.wakeAt).toEqual(rome("2026-11-25 02:00"));
    expect(stepTypes(obligation, cento, "2026-11-25 02:00")).toEqual(["holding_reply", "deadline_near"]);
  });

  it("replies to an emergency at once, whenever it comes", () => {
    const item = citizenItem({ entityId: "comune-cento", createdAt: iso("2026-11-28 23:10") });
    const obligation = createObligation(item, decisionFor(item, ["emergency"]), cento);
    expect(stepTypes(obligation, cento, "2026-11-28 23:10")).toEqual(["holding_reply"]);
  });

  it("alerts once when the deadline passes and then leaves the rest to staff", () => {
    const item = citizenItem({ createdAt: iso("2026-11-23 10:00") });
    const obligation: Obligation = {
      ...createObligation(item, decisionFor(item, ["question"]), monza),
      holdingReply: { state: "confirmed", text: "…", channel: "public", attempts: 1 },
      alerted: ["deadline_near"],
    };
    expect(stepTypes(obligation, monza, "2026-11-25 10:00")).toEqual(["deadline_passed"]);
    const after = planObligation(
      { ...obligation, alerted: ["deadline_near", "deadline_passed"] },
      monza,
      rome("2026-11-25 10:05"),
    );
    expect(after).toEqual({ steps: [], wakeAt: undefined });
  });

  it("gives up a private reply to a comment once the platform's 7-day window has closed", () => {
    const item = citizenItem({ createdAt: iso("2026-11-02 10:00") });
    const officeClock = { ...monza, replyRule: { deadlineHours: 60, clock: "office" as const } };
    const obligation = createObligation(
      item,
      decisionFor(item, ["question", "pii"], { redactedText: "…" }),
      officeClock,
    );
    expect(obligation.channel).toBe("private");
    expect(stepTypes(obligation, monza, "2026-11-09 08:59")).toContain("holding_reply");
    expect(stepTypes(obligation, monza, "2026-11-09 10:01")).not.toContain("holding_reply");
  });

  it("answers a private message within Meta's 24-hour messaging window", () => {
    const item = citizenItem({ entityId: cento.id, kind: "message", createdAt: iso("2026-11-23 14:00") });
    const obligation = createObligation(item, decisionFor(item, ["question"]), cento);
    expect(planObligation(obligation, cento, rome("2026-11-23 14:05")).wakeAt).toEqual(rome("2026-11-24 13:00"));
    expect(stepTypes(obligation, cento, "2026-11-24 13:00")).toEqual(["holding_reply"]);
    expect(stepTypes(obligation, cento, "2026-11-24 14:00")).toEqual([]);
  });

  it("leaves a reply leased to a live run alone and looks again when the lease expires", () => {
    const item = citizenItem({ createdAt: iso("2026-11-27 17:55") });
    const leaseUntil = iso("2026-11-27 18:05");
    const obligation: Obligation = {
      ...createObligation(item, decisionFor(item, ["question"]), monza),
      holdingReply: { state: "intended", text: "…", channel: "public", attempts: 1, leaseOwner: "run-1", leaseUntil },
    };
    const plan = planObligation(obligation, monza, rome("2026-11-27 18:00"));
    expect(plan).toEqual({ steps: [], wakeAt: new Date(leaseUntil) });
    expect(stepTypes(obligation, monza, "2026-11-27 18:05")).toEqual(["holding_reply"]);
  });
});
