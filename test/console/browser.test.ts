import { readFile } from "node:fs/promises";
import { itemKey } from "@sentinella/core";
import {
  deliverWebhook,
  type LocalPipeline,
  metaWebhook,
  type SampleItem,
  startLocalPipeline,
} from "@sentinella/local";
import { launchChromium } from "@sentinella/local/browser";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPipelineOptions } from "../support/dynamodb";

/** What a person reads on the page: the rendered text, without what is hidden. */
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as shown, which is the point
const seen = (locator: Locator) => locator.innerText();

/**
 * The staff console in a real browser (Debian's chromium through playwright-core) against the whole local
 * pipeline: comments arrive as signed webhooks, the classifier decides them into DynamoDB Local, and people sign
 * in through the local OIDC issuer with the seeded users. The seeded moderator and auditor work for the first
 * entity (Provincia di Piacenza); the second (Comune di Cento) is someone else's.
 */
describe("the staff console in Chromium", () => {
  let pipeline: LocalPipeline;
  let browser: Browser;
  let moderator: Page;

  const piacenza = "fb-provincia-piacenza";
  const comment = (id: string, text: string, accountId = piacenza, authorId = `citizen-${id}`): SampleItem => ({
    platform: "facebook",
    kind: "comment",
    accountId,
    id,
    postId: `${accountId}_post-1`,
    author: { id: authorId, name: "Cittadino di prova" },
    text,
    createdAt: new Date(),
  });
  // Our own sentences: two doubtful, one clear-cut exposure of contacts, one threat (urgent).
  const insult = comment("c-insult", "Il presidente dovrebbe vergognarsi, siete tutti dei buffoni incompetenti");
  const mockery = comment("c-mockery", "Che amministrazione di buffoni, non sapete fare niente");
  const contacts = comment("c-contacts", "Scrivetemi a luca.bianchi@example.com o chiamate il 333 7654321");
  const threat = comment("c-threat", "Domani vengo in municipio e vi faccio saltare in aria tutti");
  const elsewhere = comment("c-cento", "Siete dei buffoni incompetenti, vergognatevi", "fb-comune-cento");
  const keyOf = (item: SampleItem) => itemKey({ platform: "facebook", accountId: item.accountId, itemId: item.id });
  const itemUrl = (item: SampleItem) => `${pipeline.console.url}/voci/${encodeURIComponent(keyOf(item))}`;

  async function signIn(username: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${pipeline.console.url}/coda`);
    await page.getByLabel("Nome utente").fill(username);
    await page.getByLabel("Password").fill("sentinella");
    await page.getByRole("button", { name: "Accedi" }).click();
    await page.waitForURL(/\/console\/coda/);
    return page;
  }

  /** Clicks an action's button on the item page, with a note, and waits for the page it returns to. */
  async function act(
    page: Page,
    item: SampleItem,
    button: string,
    note: string,
    fill?: { label: string; text: string },
  ) {
    await page.goto(itemUrl(item));
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: button, exact: true }) });
    if (fill) await form.getByLabel(fill.label).fill(fill.text);
    await form.getByLabel("Nota (facoltativa)").fill(note);
    await Promise.all([page.waitForURL(/fatto=/), form.getByRole("button", { name: button, exact: true }).click()]);
  }
  const history = (page: Page) => seen(page.locator("ol.history"));
  const graphCalls = (item: SampleItem, kind: string) =>
    pipeline.graph.calls.filter((call) => call.kind === kind && call.objectId === item.id);

  beforeAll(async () => {
    [pipeline, browser] = await Promise.all([
      startLocalPipeline({
        ...testPipelineOptions(),
      }),
      launchChromium(),
    ]);
    for (const item of [insult, mockery, contacts, threat, elsewhere]) {
      const response = await deliverWebhook(pipeline.ingressUrl, metaWebhook(item), pipeline.secrets.appSecret);
      expect(response.status).toBe(200);
    }
    await pipeline.drain();
    moderator = await signIn("moderatore");
  });
  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  it("signs a moderator in and shows the entity's queue, urgent first, with counts per state", async () => {
    await moderator.goto(`${pipeline.console.url}/coda`);
    await expect(seen(moderator.locator("header"))).resolves.toContain("moderatore@sentinella.local");
    const cards = moderator.locator("ul.cards > li");
    const texts = await cards.allInnerTexts();
    expect(texts).toHaveLength(4);
    expect(texts[0]).toContain("Urgente");
    expect(texts[0]).toContain("saltare in aria");
    expect(texts.join("\n")).toContain("buffoni incompetenti");
    // The exposed contacts are redacted in what staff read.
    expect(texts.join("\n")).not.toContain("333 7654321");
    expect(texts.join("\n")).not.toContain("vergognatevi");
    const tabs = await seen(moderator.getByRole("navigation", { name: "Stati" }));
    expect(tabs).toContain("Aperti (4)");
    expect(tabs).toContain("Da rivedere (2)");
    expect(tabs).toContain("Nascosti da Sentinella (2)");
  });

  it("opens an item from the queue with its reasons and the clause", async () => {
    await moderator.goto(`${pipeline.console.url}/coda`);
    await moderator
      .locator("ul.cards > li")
      .filter({ hasText: "presidente" })
      .getByRole("link", { name: /Apri il contenuto/ })
      .click();
    await moderator.waitForURL(/\/console\/voci\//);
    const main = await seen(moderator.locator("main"));
    expect(main).toContain("Da rivedere");
    expect(main).toContain("insulti (dubbio)");
    expect(main).toContain("linguaggio offensivo e volgare");
    expect(await history(moderator)).toContain("Sentinella");
  });

  it("leaves a doubtful item visible: the history and the decision table record who did it and why", async () => {
    await act(moderator, insult, "Lascia visibile", "critica aspra ma ammessa");
    await expect(seen(moderator.getByRole("status"))).resolves.toContain("Lascia visibile: registrato");
    const lines = await history(moderator);
    expect(lines).toContain("moderatore@sentinella.local");
    expect(lines).toContain("Lascia visibile");
    expect(lines).toContain("«critica aspra ma ammessa»");

    const records = await pipeline.staffRecords.listByItem(keyOf(insult));
    expect(records).toEqual([
      expect.objectContaining({
        action: "allow",
        source: "console",
        note: "critica aspra ma ammessa",
        by: expect.objectContaining({ name: "moderatore@sentinella.local", role: "moderator" }),
      }),
    ]);
    // The automatic decision is still there, unchanged: staff records are appended beside it.
    const [automatic] = await pipeline.decisions.listByItem(keyOf(insult));
    expect(automatic?.actions).toEqual(["review"]);
  });

  it("hides a doubtful item on the platform and records the hide", async () => {
    await act(moderator, mockery, "Nascondi", "derisione ripetuta");
    await expect(seen(moderator.getByRole("status"))).resolves.toContain("Nascondi: eseguito sulla piattaforma");
    expect(await history(moderator)).toContain("Nascondi — eseguito sulla piattaforma");
    expect(graphCalls(mockery, "hide")).toHaveLength(1);
    expect(await pipeline.staffRecords.listByItem(keyOf(mockery))).toEqual([
      expect.objectContaining({ action: "hide", result: expect.objectContaining({ status: "done" }) }),
    ]);
  });

  it("unhides an automatic hide, which counts as an override in the queue's figure", async () => {
    expect(graphCalls(contacts, "hide")).toHaveLength(1);
    // Sentinella's hide counted against the author; staff undoing it withdraws it.
    await moderator.goto(itemUrl(contacts));
    await expect(seen(moderator.locator("main"))).resolves.toContain("1 violazioni recenti, 0 avvisi");
    await act(moderator, contacts, "Rendi di nuovo visibile", "numero dell'ufficio, non privato");
    const lines = await history(moderator);
    expect(lines).toContain("Sentinella sulla piattaforma: commento nascosto — eseguito");
    expect(lines).toContain("Rendi di nuovo visibile — eseguito sulla piattaforma");
    expect(graphCalls(contacts, "unhide")).toHaveLength(1);
    expect((await pipeline.staffRecords.listByItem(keyOf(contacts))).map((r) => r.action)).toEqual(["unhide"]);
    await expect(seen(moderator.locator("main"))).resolves.toContain("0 violazioni recenti, 0 avvisi");

    await moderator.goto(`${pipeline.console.url}/coda`);
    await expect(seen(moderator.locator("main"))).resolves.toContain(
      "Nascondimenti automatici annullati dallo staff: 50% (1 su 2)",
    );
  });

  it("confirms the hide of a threat and answers under it; both appear in order in the history", async () => {
    await act(moderator, threat, "Conferma il nascondimento", "minaccia esplicita, segnalata");
    await act(moderator, threat, "Rispondi", "risposta pubblica", {
      label: "Testo della risposta",
      text: "Abbiamo segnalato questo messaggio alle autorità competenti.",
    });
    const lines = await history(moderator);
    expect(lines.indexOf("Conferma il nascondimento")).toBeGreaterThan(-1);
    expect(lines.indexOf("Rispondi")).toBeGreaterThan(lines.indexOf("Conferma il nascondimento"));
    const replies = graphCalls(threat, "reply");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.params.message).toBe("Abbiamo segnalato questo messaggio alle autorità competenti.");
    expect((await pipeline.staffRecords.listByItem(keyOf(threat))).map((r) => r.action)).toEqual(["confirm", "reply"]);

    // Settled items leave the open queue.
    await moderator.goto(`${pipeline.console.url}/coda`);
    const tabs = await seen(moderator.getByRole("navigation", { name: "Stati" }));
    expect(tabs).toContain("Aperti (0)");
    expect(tabs).toContain("Nascosti dallo staff (2)");
    expect(tabs).toContain("Lasciati visibili (2)");
  });

  it("refuses another entity's item and queue to the moderator", async () => {
    const item = await moderator.goto(itemUrl(elsewhere));
    expect(item?.status()).toBe(404);
    await expect(seen(moderator.locator("main"))).resolves.toContain("Contenuto non trovato tra quelli dei suoi enti.");
    const queue = await moderator.goto(`${pipeline.console.url}/coda?ente=comune-cento`);
    expect(queue?.status()).toBe(403);
    expect(await pipeline.staffRecords.listByItem(keyOf(elsewhere))).toEqual([]);
  });

  it("lets an auditor read an item but not act on it, even with a hand-made form", async () => {
    const auditor = await signIn("revisore");
    try {
      await auditor.goto(itemUrl(mockery));
      const main = await seen(auditor.locator("main"));
      expect(main).toContain("Sola lettura: il suo ruolo non consente azioni su questo ente.");
      expect(main).toContain("Nascondi — eseguito sulla piattaforma");
      await expect(auditor.getByRole("button", { name: "Rendi di nuovo visibile" }).count()).resolves.toBe(0);

      // The auditor's own session cookie and CSRF token, in a form the page never offered.
      const csrf = await auditor.locator("input[name=_csrf]").first().inputValue();
      const response = await auditor.request.post(`${itemUrl(mockery)}/azioni`, {
        form: { _csrf: csrf, azione: "unhide" },
        headers: { origin: new URL(pipeline.console.url).origin },
      });
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain("Il suo ruolo non consente questa azione.");
      expect(graphCalls(mockery, "unhide")).toEqual([]);
      expect((await pipeline.staffRecords.listByItem(keyOf(mockery))).map((r) => r.action)).toEqual(["hide"]);
    } finally {
      await auditor.close();
    }
  });

  it("lets an auditor download the month's staff decisions as an Italian CSV, and not a moderator", async () => {
    const auditor = await signIn("revisore");
    try {
      await auditor.goto(`${pipeline.console.url}/audit`);
      const [download] = await Promise.all([
        auditor.waitForEvent("download"),
        auditor.getByRole("link", { name: "decisioni dello staff (CSV)" }).first().click(),
      ]);
      const csv = await readFile(await download.path(), "utf8");
      // What LibreOffice in Italian needs: the BOM, then ';' between columns.
      expect(csv.startsWith("\uFEFFriferimento;decisa_il;")).toBe(true);
      const rows = csv.trim().split("\r\n").slice(1);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.filter((row) => row.includes("moderatore@sentinella.local")).length).toBeGreaterThanOrEqual(5);
      expect(csv).toContain("critica aspra ma ammessa");
    } finally {
      await auditor.close();
    }
    await moderator.goto(`${pipeline.console.url}/audit`);
    await expect(seen(moderator.locator("#audit-exports"))).resolves.toBe(
      "Le esportazioni sono riservate ai revisori e agli amministratori.",
    );
  });

  it("warns a repeat offender, and after a further hide a moderator proposes the ban that an admin approves", async () => {
    const author = "citizen-repeat";
    const authorUrl = `${pipeline.console.url}/autori/${author}?ente=provincia-piacenza`;
    const [first, second, third, fourth] = [
      "Il mio numero è 347 1122334, chiamatemi per il ritiro",
      "Per il ritiro scrivete a paolo.verdi@example.org entro sera",
      "Richiamatemi al 348 9988776 oppure al fisso di casa",
      "Mandate tutto a anna.neri@example.net, ci penso io",
    ].map((text, n) => comment(`c-repeat-${n}`, text, piacenza, author)) as [
      SampleItem,
      SampleItem,
      SampleItem,
      SampleItem,
    ];
    const send = async (...items: SampleItem[]) => {
      for (const item of items)
        await deliverWebhook(pipeline.ingressUrl, metaWebhook(item), pipeline.secrets.appSecret);
      await pipeline.drain();
    };
    /** Clicks an action on the author's page and reads what the page then says of the author. */
    const onAuthorPage = async (page: Page, button: string) => {
      await page.goto(authorUrl);
      await Promise.all([page.waitForURL(/fatto=/), page.getByRole("button", { name: button, exact: true }).click()]);
      return seen(page.locator("main"));
    };

    // Piacenza's policy: three hidden items in 90 days are a repetition, and a first warning comes before a ban.
    await send(first, second, third);
    await moderator.goto(authorUrl);
    expect(await seen(moderator.locator("main"))).toContain("3 violazioni negli ultimi 90 giorni, 0 avvisi");
    expect(await seen(moderator.locator("main"))).toContain("Prossimo passo: avviso dovuto");

    const warned = await onAuthorPage(moderator, "Avvisa l'autore");
    expect(warned).toContain("Avvisa l'autore: eseguito sulla piattaforma");
    expect(warned).toContain("Prossimo passo: nessun provvedimento");
    const [warning] = pipeline.graph.calls.filter((call) => call.kind === "private_reply");
    expect(JSON.stringify(warning?.params)).toContain("blocco di chi viola ripetutamente le regole");

    await send(fourth);
    await moderator.goto(authorUrl);
    expect(await seen(moderator.locator("main"))).toContain(
      "Prossimo passo: blocco proposto da Sentinella, da approvare",
    );
    await expect(moderator.getByRole("button", { name: "Approva il blocco" }).count()).resolves.toBe(0);
    expect(await onAuthorPage(moderator, "Proponi il blocco")).toContain(
      "Prossimo passo: blocco proposto, da approvare",
    );

    const admin = await signIn("responsabile");
    try {
      const banned = await onAuthorPage(admin, "Approva il blocco");
      expect(banned).toContain("Approva il blocco: eseguito sulla piattaforma");
      expect(banned).toContain("Prossimo passo: bloccato");
      expect(banned).toContain("blocco approvato — responsabile@sentinella.local");
    } finally {
      await admin.close();
    }
    expect(pipeline.graph.calls.filter((call) => call.kind === "block")).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ user: author }) }),
    ]);
    const records = await pipeline.staffRecords.listByItem(keyOf(fourth));
    expect(records.map((r) => [r.action, r.by.name, r.clause])).toEqual([
      ["propose_ban", "moderatore@sentinella.local", expect.stringContaining("viola ripetutamente")],
      ["approve_ban", "responsabile@sentinella.local", expect.stringContaining("viola ripetutamente")],
    ]);
  });

  it("fits a phone's screen: the queue and an item page need no sideways scrolling", async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      const page = await phone.newPage();
      await page.goto(`${pipeline.console.url}/coda?stato=all`);
      await page.getByLabel("Nome utente").fill("moderatore");
      await page.getByLabel("Password").fill("sentinella");
      await page.getByRole("button", { name: "Accedi" }).click();
      await page.waitForURL(/\/console\/coda/);
      const pageWidth = () => page.evaluate("document.documentElement.scrollWidth");
      expect(await pageWidth()).toBeLessThanOrEqual(360);
      await page.goto(itemUrl(threat));
      await expect(page.getByRole("button", { name: "Rispondi" }).isVisible()).resolves.toBe(true);
      expect(await pageWidth()).toBeLessThanOrEqual(360);
    } finally {
      await phone.close();
    }
  });

  it("sends an expired session back to sign-in", async () => {
    const context = await browser.newContext();
    try {
      const expired = await pipeline.console.issuer.mintIdToken("moderatore", { expiresInSeconds: -60 });
      await context.addCookies([{ name: "sentinella_session", value: expired, url: pipeline.console.url }]);
      const page = await context.newPage();
      await page.goto(itemUrl(mockery));
      await expect(page.getByRole("heading", { name: "Accesso a Sentinella" }).count()).resolves.toBe(1);
    } finally {
      await context.close();
    }
  });

  it("shows a hide undone by hand on Facebook as a staff decision in the item's history", async () => {
    const time = Math.floor(Date.now() / 1000);
    const unhide = {
      object: "page",
      entry: [
        {
          id: threat.accountId,
          time,
          changes: [
            {
              field: "feed",
              value: {
                item: "comment",
                verb: "unhide",
                comment_id: threat.id,
                post_id: threat.postId,
                from: { id: threat.author.id, name: threat.author.name },
                created_time: time,
              },
            },
          ],
        },
      ],
    };
    expect((await deliverWebhook(pipeline.ingressUrl, unhide, pipeline.secrets.appSecret)).status).toBe(200);
    await pipeline.drain();

    await moderator.goto(itemUrl(threat));
    const lines = await history(moderator);
    expect(lines).toContain("staff su Facebook (direttamente sulla piattaforma): Rendi di nuovo visibile — registrato");
    expect(await seen(moderator.locator("main"))).toContain("Lasciati visibili");
    expect((await pipeline.staffRecords.listByItem(keyOf(threat))).map((r) => [r.action, r.source])).toEqual([
      ["confirm", "console"],
      ["reply", "console"],
      ["unhide", "platform"],
    ]);
  });

  it("lets the auditor answer a citizen's access request and then erase them, leaving no trace of the author", async () => {
    const author = "citizen-richiesta-gdpr";
    const request = comment(
      "c-gdpr",
      "Scrivetemi a giulia.neri@example.com o chiamate il 347 1122334",
      piacenza,
      author,
    );
    expect((await deliverWebhook(pipeline.ingressUrl, metaWebhook(request), pipeline.secrets.appSecret)).status).toBe(
      200,
    );
    await pipeline.drain();
    const auditor = await signIn("revisore");
    const access = auditor.locator("form").filter({ hasText: "Richiesta di accesso" });
    const erasure = auditor.locator("form").filter({ hasText: "Richiesta di cancellazione" });
    const download = async () => {
      await access.getByLabel("Id dell'autore sulla piattaforma").fill(author);
      await access.getByLabel("Protocollo della richiesta").fill("prot. 4521/2026");
      const [file] = await Promise.all([
        auditor.waitForEvent("download"),
        access.getByRole("button", { name: "Scarica i dati" }).click(),
      ]);
      return readFile(await file.path(), "utf8");
    };
    try {
      await auditor.goto(`${pipeline.console.url}/coda`);
      await auditor.getByRole("link", { name: "Richieste degli interessati" }).click();
      await auditor.waitForURL(/\/console\/interessati/);
      const csv = await download();
      expect(csv.startsWith("\uFEFFtipo;riferimento;data;")).toBe(true);
      expect(csv).toContain(author);
      // The export holds the full text while it is kept: it is the citizen's own data.
      expect(csv).toContain("347 1122334");

      await erasure.getByLabel("Id dell'autore sulla piattaforma").fill(author);
      await erasure.getByLabel("Protocollo della richiesta").fill("prot. 4522/2026");
      await erasure.getByLabel("Ripetere l'id dell'autore per confermare").fill(author);
      await erasure.getByRole("button", { name: "Cancella i dati dell'autore" }).click();
      await expect(seen(auditor.locator("#esito-cancellazione"))).resolves.toContain("testi completi rimossi");
      const records = await seen(auditor.locator("#cancellazioni"));
      expect(records).toContain("prot. 4522/2026");
      expect(records).toContain("revisore@sentinella.local");

      // Nothing of the author in the item's rows, in the console's pages, or in a new export.
      const rows = JSON.stringify(await pipeline.decisions.listByItem(keyOf(request)));
      for (const trace of [author, "347 1122334", "giulia.neri"]) expect(rows).not.toContain(trace);
      await auditor.goto(itemUrl(request));
      expect(await seen(auditor.locator("main"))).not.toContain("347 1122334");
      await auditor.goto(`${pipeline.console.url}/interessati`);
      expect((await download()).trim().split("\r\n")).toHaveLength(1);
    } finally {
      await auditor.close();
    }
    const refused = await moderator.goto(`${pipeline.console.url}/interessati`);
    expect(refused?.status()).toBe(403);
  });

  it("shows a hide the platform refused as not hidden, and hidden once a moderator retries it", async () => {
    const refused = comment("c-refused", "Scrivetemi a anna.verdi@example.com o chiamate il 340 1234567");
    pipeline.graph.failNext(1, { status: 400, code: 100, message: "Unsupported post request" });
    await deliverWebhook(pipeline.ingressUrl, metaWebhook(refused), pipeline.secrets.appSecret);
    await pipeline.drain();
    expect(graphCalls(refused, "hide")).toHaveLength(0);

    await moderator.goto(`${pipeline.console.url}/coda`);
    const card = moderator.locator("ul.cards > li").filter({ hasText: "c-refused" });
    await expect(seen(card)).resolves.toContain("Nascondimento non riuscito");
    await expect(seen(moderator.getByRole("navigation", { name: "Stati" }))).resolves.toContain(
      "Nascondimento non riuscito (1)",
    );
    await moderator.goto(itemUrl(refused));
    await expect(seen(moderator.getByRole("alert"))).resolves.toContain(
      "La piattaforma ha rifiutato il nascondimento (100): il contenuto è ancora visibile",
    );
    expect(await history(moderator)).toContain("commento nascosto — non riuscito (100)");

    await act(moderator, refused, "Nascondi", "riprovo");
    expect(graphCalls(refused, "hide")).toHaveLength(1);
    await expect(seen(moderator.locator("main"))).resolves.toContain("Nascosti dallo staff");
  });
});
