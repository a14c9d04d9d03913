import {
  type AlertMessage,
  htmlOf,
  parseAlertRoutes,
  plainTextOf,
  slackPayload,
  subjectOf,
  withSlackWebhooks,
} from "@sentinella/alerts";
import { describe, expect, it } from "vitest";
import { sampleAlert } from "./helpers";

const urgent: AlertMessage = {
  kind: "alert",
  entityId: "comune-cento",
  urgent: true,
  alert: sampleAlert({
    entityId: "comune-cento",
    reason: "threat",
    categories: ["minaccia"],
    redactedText: "<!channel> *vi aspetto* sotto casa <b>[NOME]</b> & co",
    deadline: "2026-11-28T22:10:00Z",
    done: ["nascosto", "segnalato"],
  }),
};

describe("Slack Block Kit payload", () => {
  it("shows category, platform, deadline, what was done, the link and the redacted text", () => {
    const payload = slackPayload(urgent);
    const body = JSON.stringify(payload.blocks);
    expect(payload.text).toBe("[Sentinella] URGENTE – Minaccia su Facebook (comune-cento)");
    for (const fact of ["minaccia", "Facebook", "sabato 28 novembre 2026 alle ore 23:10", "nascosto; segnalato"]) {
      expect(body).toContain(fact);
    }
    expect(body).toContain("<https://www.facebook.com/c-1|Apri sulla piattaforma>");
    expect(body).not.toContain("/console");
  });

  it("links an item alert to the console, and an alert about an account to nothing there", () => {
    const consoleUrl = "http://127.0.0.1:3001/console";
    const body = JSON.stringify(slackPayload({ ...urgent, consoleUrl }).blocks);
    expect(body).toContain(`<${consoleUrl}/voci/${encodeURIComponent(urgent.alert.itemKey)}|Apri nella console>`);
    const expired = sampleAlert({ reason: "token_expired", itemKey: "token#facebook#fb-1" });
    const message: AlertMessage = { kind: "alert", entityId: "comune-cento", urgent: true, alert: expired, consoleUrl };
    expect(JSON.stringify(slackPayload(message).blocks)).not.toContain(consoleUrl);
    expect(plainTextOf(message)).not.toContain(consoleUrl);
  });

  it("keeps the citizen's text as plain text, so a mention or markup in it pings nobody", () => {
    const textBlock = slackPayload(urgent).blocks?.find(
      (block) => block.type === "section" && "text" in block && block.text?.text.includes("vi aspetto"),
    );
    expect(textBlock).toMatchObject({
      text: { type: "plain_text", text: "<!channel> *vi aspetto* sotto casa <b>[NOME]</b> & co" },
    });
  });

  it("stays within Slack's 50 blocks for a long digest and says how many are left out", () => {
    const alerts = Array.from({ length: 40 }, (_, i) => sampleAlert({ itemKey: `facebook#p#${i}` }));
    const payload = slackPayload({ kind: "digest", entityId: "comune-cento", urgent: false, alerts });
    expect(payload.blocks?.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(payload.blocks)).toContain("e altri 25 avvisi");
  });
});

describe("e-mail", () => {
  it("escapes the redacted text in HTML and keeps it verbatim in the plain text", () => {
    expect(htmlOf(urgent)).toContain("&#60;b&#62;[NOME]&#60;/b&#62; &#38; co");
    expect(htmlOf(urgent)).not.toContain("<b>[NOME]");
    expect(plainTextOf(urgent)).toContain("> <!channel> *vi aspetto* sotto casa <b>[NOME]</b> & co");
  });

  it("names the count in a digest subject", () => {
    const digest: AlertMessage = { kind: "digest", entityId: "comune-cento", urgent: false, alerts: [sampleAlert()] };
    expect(subjectOf(digest)).toBe("[Sentinella] comune-cento: riepilogo di 1 avviso");
  });
});

describe("alert routes", () => {
  it("parses routes and rejects a malformed address", () => {
    expect(parseAlertRoutes('{"comune-cento": {"onCallEmails": ["reperibile@comune.cento.fe.it"]}}')).toEqual({
      "comune-cento": { onCallEmails: ["reperibile@comune.cento.fe.it"], staffEmails: [] },
    });
    expect(() => parseAlertRoutes('{"comune-cento": {"onCallEmails": ["not an address"]}}')).toThrow();
  });

  it("takes Slack URLs from the secret over the routes, adding entities that only have Slack", () => {
    const routes = parseAlertRoutes(
      '{"comune-cento": {"staffEmails": ["urp@comune.cento.fe.it"], "slackWebhookUrl": "https://hooks.slack.com/old"}}',
    );
    expect(
      withSlackWebhooks(routes, {
        "comune-cento": "https://hooks.slack.com/services/new",
        "provincia-piacenza": "https://hooks.slack.com/services/pc",
      }),
    ).toEqual({
      "comune-cento": {
        onCallEmails: [],
        staffEmails: ["urp@comune.cento.fe.it"],
        slackWebhookUrl: "https://hooks.slack.com/services/new",
      },
      "provincia-piacenza": {
        onCallEmails: [],
        staffEmails: [],
        slackWebhookUrl: "https://hooks.slack.com/services/pc",
      },
    });
  });
});
