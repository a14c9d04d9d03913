import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import {
  csvChunk,
  decisionColumns,
  erasureSummary,
  itemStatement,
  NoStatementError,
  romeMonthRange,
  staffColumns,
  statementHtml,
  subjectColumns,
  subjectEntries,
} from "@sentinella/audit";
import { Category, Platform, StaffActionKind } from "@sentinella/core";
import { loadPolicy } from "@sentinella/policy";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import * as z from "zod";
import { type ConsoleDeps, loadItem, performAction } from "./actions";
import { ConsoleError, ForbiddenError, InvalidActionError, NotFoundError } from "./errors";
import { itemHistory } from "./history";
import { actionLabels, resultLabels } from "./labels";
import { offenderStatus, warningText } from "./offenders";
import { can, type Principal, readableEntities, requirePermission } from "./principal";
import {
  buildQueue,
  hidesToCheck,
  type QueueFilter,
  type QueueState,
  queueStates,
  undoneAutomaticHides,
  viewQueue,
} from "./queue";
import { loadPeriod, replayDecisions } from "./replay";
import type { PendingSignIn, SignIn } from "./session";
import { page } from "./views/layout";
import {
  auditPage,
  authorPath,
  itemPage,
  itemPath,
  messagePage,
  offenderPage,
  offendersPage,
  queuePage,
  replayPage,
  subjectPage,
} from "./views/pages";

export interface ConsoleAuth {
  /** Verifies a session's ID token and reads the principal from its claims. */
  verify(token: string): Promise<Principal>;
  /** The OIDC sign-in (discovery happens on first use, so a cold start does not wait for the provider). */
  signIn(): Promise<SignIn>;
  /** Signs the pending sign-in cookie and derives CSRF tokens. */
  sessionSecret: string;
  /** The console's own origin, e.g. "https://abc.execute-api.eu-south-1.amazonaws.com": forms must come from it. */
  origin: string;
  /** Where the provider ends its own session after ours (Cognito's /logout), if it has one. */
  providerLogoutUrl?: string;
}

/** How far back the queue, the ledger list and the audit figures look. */
const queueDays = 30;
const sessionCookie = "sentinella_session";
const pendingCookie = "sentinella_signin";
const dayMs = 86_400_000;

type Env = { Variables: { principal: Principal; csrf: string } };

const ActionForm = z.object({
  azione: StaffActionKind,
  nota: z.string().max(2000).optional(),
  testo: z.string().max(8000).optional(),
  torna: z.enum(["voce", "autore"]).optional(),
});

/** A data subject's request as the auditor enters it: the author's platform id and the request's protocol number. */
const SubjectRequestForm = z.object({
  autore: z.string().trim().min(1, "indicare l'id dell'autore").max(200),
  protocollo: z.string().trim().min(1, "indicare il protocollo della richiesta").max(200),
});

/**
 * The staff console: a server-rendered Hono app under /console, the same in Lambda (through Hono's adapter) and
 * locally (through @hono/node-server). Every page checks the signed-in person's entity and role again from the
 * token's claims; every form carries a CSRF token bound to the session and must come from the console's origin.
 */
export function createConsoleApp(deps: ConsoleDeps, auth: ConsoleAuth) {
  const app = new Hono<Env>();
  const secure = auth.origin.startsWith("https://");
  const csrfFor = (principal: Principal) =>
    createHmac("sha256", auth.sessionSecret).update(`csrf:${principal.sessionId}`).digest("base64url");

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
  );
  app.use("*", csrf({ origin: auth.origin }));

  app.onError((error, c) => {
    if (error instanceof ConsoleError) {
      const status = error instanceof ForbiddenError ? 403 : error instanceof NotFoundError ? 404 : 400;
      const text =
        error instanceof ForbiddenError
          ? "Il suo ruolo non consente questa azione."
          : error instanceof NotFoundError
            ? "Contenuto non trovato tra quelli dei suoi enti."
            : error.message;
      return c.html(page({ title: "Non consentito", principal: c.get("principal"), body: messagePage(text) }), status);
    }
    throw error;
  });

  // Sign-in: to the provider with PKCE, state and nonce kept in a signed, short-lived cookie; back with a code.
  app.get("/console/accesso", async (c) => {
    const returnTo = safeReturn(c.req.query("torna"));
    const { url, pending } = await (await auth.signIn()).start(returnTo);
    await setSignedCookie(c, pendingCookie, JSON.stringify(pending), auth.sessionSecret, {
      httpOnly: true,
      secure,
      sameSite: "Lax",
      path: "/console",
      maxAge: 600,
    });
    return c.redirect(url.href, 302);
  });

  app.get("/console/auth/callback", async (c) => {
    const pendingJson = await getSignedCookie(c, auth.sessionSecret, pendingCookie);
    if (!pendingJson) return c.redirect("/console/accesso", 302);
    const pending = JSON.parse(pendingJson) as PendingSignIn;
    deleteCookie(c, pendingCookie, { path: "/console" });
    const callbackUrl = new URL(c.req.url);
    const idToken = await (await auth.signIn()).finish(callbackUrl, pending);
    const principal = await auth.verify(idToken);
    setCookie(c, sessionCookie, idToken, {
      httpOnly: true,
      secure,
      sameSite: "Lax",
      path: "/console",
      expires: principal.expiresAt,
    });
    return c.redirect(safeReturn(pending.returnTo), 302);
  });

  app.get("/console/uscito", (c) =>
    c.html(
      page({
        title: "Uscita eseguita",
        body: messagePage("Ha chiuso la sessione.", { href: "/console/accesso", label: "Accedi di nuovo" }),
      }),
    ),
  );

  // Everything else needs a valid session: an absent or expired one goes back through sign-in.
  app.use("/console/*", async (c, next) => {
    const bearer = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const token = bearer ?? getCookie(c, sessionCookie);
    const principal = token ? await auth.verify(token).catch(() => undefined) : undefined;
    if (!principal) {
      if (bearer || c.req.path.startsWith("/console/api/")) return c.json({ message: "Unauthorized" }, 401);
      deleteCookie(c, sessionCookie, { path: "/console" });
      const back = c.req.method === "GET" ? c.req.path + new URL(c.req.url).search : "/console/coda";
      return c.redirect(`/console/accesso?torna=${encodeURIComponent(back)}`, 303);
    }
    c.set("principal", principal);
    c.set("csrf", csrfFor(principal));
    if (c.req.method === "POST" && !bearer) {
      const body = await c.req.parseBody();
      const sent = typeof body._csrf === "string" ? Buffer.from(body._csrf) : Buffer.alloc(0);
      const expected = Buffer.from(c.get("csrf"));
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        return c.html(
          page({
            title: "Richiesta non valida",
            principal,
            body: messagePage("Modulo scaduto o non valido: ricaricare la pagina."),
          }),
          403,
        );
      }
    }
    await next();
  });

  app.post("/console/esci", (c) => {
    deleteCookie(c, sessionCookie, { path: "/console" });
    return c.redirect(auth.providerLogoutUrl ?? "/console/uscito", 303);
  });

  app.get("/console", (c) => c.redirect("/console/coda", 302));

  /** The entity a page shows: the one asked for if this person can read it, else their first. */
  function entityOf(c: Context<Env>): { entities: string[]; entityId: string } {
    const principal = c.get("principal");
    const entities = readableEntities(principal);
    const asked = c.req.query("ente");
    if (asked && !entities.includes(asked)) throw new ForbiddenError(`not a reader of ${asked}`);
    const entityId = asked ?? entities[0];
    if (!entityId) throw new ForbiddenError(`${principal.name} has no role in any entity`);
    return { entities, entityId };
  }

  async function queueOf(entityId: string) {
    const now = deps.clock.now();
    const from = new Date(now.getTime() - queueDays * dayMs).toISOString();
    const to = now.toISOString();
    const [decisions, staff] = await Promise.all([
      deps.decisions.listByEntity(entityId, from, to),
      deps.staff.listByEntity(entityId, from, to),
    ]);
    // The entity index lists what Sentinella decided, not what the platform answered: for each automatic hide, the
    // item's own rows say whether it took effect (one Query each, only for items whose latest decision is a hide).
    const taken = new Map(
      await Promise.all(
        hidesToCheck(decisions).map(
          async (key) => [key.itemVersionKey, (await deps.decisions.get(key))?.actionsTaken ?? []] as const,
        ),
      ),
    );
    return { entries: buildQueue(decisions, staff, taken), staff };
  }

  function filterOf(c: Context<Env>): QueueFilter {
    const state = c.req.query("stato");
    return {
      state:
        state === "all" || state === "open" || queueStates.includes(state as QueueState)
          ? (state as QueueFilter["state"])
          : "open",
      platform: Platform.safeParse(c.req.query("piattaforma")).data,
      category: Category.safeParse(c.req.query("categoria")).data,
      urgentOnly: c.req.query("urgenti") === "1",
      search: c.req.query("cerca")?.trim() || undefined,
    };
  }

  app.get("/console/coda", async (c) => {
    const { entities, entityId } = entityOf(c);
    const filter = filterOf(c);
    const { entries } = await queueOf(entityId);
    const body = queuePage({
      entities,
      entityId,
      filter,
      view: viewQueue(entries, filter),
      undone: undoneAutomaticHides(entries),
      days: queueDays,
    });
    return c.html(
      page({
        title: `Coda di revisione · ${entityId}`,
        principal: c.get("principal"),
        section: "coda",
        csrfToken: c.get("csrf"),
        body,
      }),
    );
  });

  /** The same queue as JSON, for bearer-token callers (the route the HTTP API's JWT authorizer guards). */
  app.get("/console/api/coda", async (c) => {
    const { entityId } = entityOf(c);
    const { entries } = await queueOf(entityId);
    const view = viewQueue(entries, filterOf(c));
    return c.json({ entityId, counts: view.counts, entries: view.entries });
  });

  app.get("/console/voci/:itemKey", async (c) => {
    const principal = c.get("principal");
    const itemKey = c.req.param("itemKey");
    const { decisions, latest, staff } = await loadItem(deps, principal, itemKey);
    const { entries } = await queueOf(latest.entityId);
    const rule = deps.policyFor(latest.entityId).repeatOffenders;
    const [recent, ledger] = latest.authorId
      ? await Promise.all([
          deps.decisions.recentByAuthor(latest.entityId, latest.authorId, 10),
          deps.offenders.listByAuthor(latest.entityId, latest.authorId),
        ])
      : [[], []];
    const entry = entries.find((e) => e.itemKey === itemKey);
    const body = itemPage({
      latest,
      state: entry?.state,
      refusal: entry?.refusal,
      history: itemHistory(decisions, staff),
      recentByAuthor: recent,
      offender: latest.authorId ? offenderStatus(ledger, rule, deps.clock.now(), latest.authorId) : undefined,
      canAct: can(principal, "act", latest.entityId),
      csrf: c.get("csrf"),
      notice: noticeOf(c),
      warning: warningText(rule),
    });
    return c.html(
      page({ title: `Contenuto ${latest.itemId}`, principal, section: "coda", csrfToken: c.get("csrf"), body }),
    );
  });

  /** The statement of reasons of the item's hide, printable: what `sentinella statement --html` writes. */
  app.get("/console/voci/:itemKey/motivazione", async (c) => {
    const itemKey = c.req.param("itemKey");
    const { decisions, staff } = await loadItem(deps, c.get("principal"), itemKey);
    try {
      return c.html(statementHtml(itemStatement({ decisions, staff }, itemKey, deps.policyFor, deps.clock.now())));
    } catch (error) {
      if (error instanceof NoStatementError) throw new InvalidActionError(error.message);
      throw error;
    }
  });

  app.post("/console/voci/:itemKey/azioni", async (c) => {
    const principal = c.get("principal");
    const itemKey = c.req.param("itemKey");
    const form = ActionForm.safeParse(await c.req.parseBody());
    if (!form.success) throw new InvalidActionError("azione non riconosciuta");
    const record = await performAction(deps, principal, itemKey, {
      action: form.data.azione,
      note: form.data.nota,
      text: form.data.testo,
    });
    const notice = new URLSearchParams({ fatto: record.action, esito: record.result.status });
    const back =
      form.data.torna === "autore" && record.authorId
        ? authorPath(record.entityId, record.authorId)
        : itemPath(itemKey);
    return c.redirect(`${back}${back.includes("?") ? "&" : "?"}${notice}`, 303);
  });

  app.get("/console/autori", async (c) => {
    const { entities, entityId } = entityOf(c);
    const now = deps.clock.now();
    const rule = deps.policyFor(entityId).repeatOffenders;
    const since = new Date(now.getTime() - Math.max(rule.windowDays, queueDays) * dayMs).toISOString();
    const events = await deps.offenders.listByEntity(entityId, since);
    const authors = [...new Set(events.map((e) => e.authorId))];
    const statuses = await Promise.all(
      authors.map(async (authorId) =>
        offenderStatus(await deps.offenders.listByAuthor(entityId, authorId), rule, now, authorId),
      ),
    );
    const order = ["propose_ban", "ban_pending", "warn", "none", "banned"];
    statuses.sort((a, b) => order.indexOf(a.nextStep) - order.indexOf(b.nextStep) || b.violations - a.violations);
    return c.html(
      page({
        title: `Autori recidivi · ${entityId}`,
        principal: c.get("principal"),
        section: "autori",
        csrfToken: c.get("csrf"),
        body: offendersPage({ entities, entityId, statuses }),
      }),
    );
  });

  app.get("/console/autori/:authorId", async (c) => {
    const principal = c.get("principal");
    const { entityId } = entityOf(c);
    const authorId = c.req.param("authorId");
    const events = await deps.offenders.listByAuthor(entityId, authorId);
    const rule = deps.policyFor(entityId).repeatOffenders;
    const body = offenderPage({
      entityId,
      status: offenderStatus(events, rule, deps.clock.now(), authorId),
      events,
      rule,
      latestItemKey: events.filter((e) => e.itemKey).at(-1)?.itemKey,
      canAct: can(principal, "act", entityId),
      canApprove: can(principal, "approve_ban", entityId),
      csrf: c.get("csrf"),
      notice: noticeOf(c),
    });
    return c.html(
      page({ title: `Autore ${authorId} · ${entityId}`, principal, section: "autori", csrfToken: c.get("csrf"), body }),
    );
  });

  function replayDefaults() {
    const now = deps.clock.now();
    return { from: new Date(now.getTime() - 7 * dayMs).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
  }

  app.get("/console/replay", (c) => {
    const { entities, entityId } = entityOf(c);
    const body = replayPage({ entities, entityId, ...replayDefaults(), csrf: c.get("csrf") });
    return c.html(
      page({
        title: "Prova di una policy",
        principal: c.get("principal"),
        section: "replay",
        csrfToken: c.get("csrf"),
        body,
      }),
    );
  });

  app.post("/console/replay", async (c) => {
    const principal = c.get("principal");
    const form = await c.req.parseBody();
    const entities = readableEntities(principal);
    const entityId = typeof form.ente === "string" ? form.ente : (entities[0] ?? "");
    requirePermission(principal, "replay", entityId);
    const from = String(form.dal ?? replayDefaults().from);
    const to = String(form.al ?? replayDefaults().to);
    const show = (extra: { report?: ReturnType<typeof replayDecisions>; error?: string }) =>
      c.html(
        page({
          title: "Prova di una policy",
          principal,
          section: "replay",
          csrfToken: c.get("csrf"),
          body: replayPage({ entities, entityId, from, to, csrf: c.get("csrf"), ...extra }),
        }),
      );
    let policy = deps.policyFor(entityId);
    const draft = typeof form.policy === "string" ? form.policy.trim() : "";
    if (draft) {
      try {
        policy = loadPolicy(JSON.parse(draft));
      } catch (error) {
        return show({ error: `Bozza di policy non valida: ${(error as Error).message}` });
      }
      if (policy.id !== entityId) return show({ error: `La bozza è la policy di ${policy.id}, non di ${entityId}.` });
    }
    const records = await loadPeriod(deps.decisions, entityId, `${from}T00:00:00.000Z`, `${to}T23:59:59.999Z`);
    return show({ report: replayDecisions(records, policy) });
  });

  /** The auditors' page: the override figure and staff decisions; auditors' exports are linked from here. */
  app.get("/console/audit", async (c) => {
    const { entities, entityId } = entityOf(c);
    const { entries, staff } = await queueOf(entityId);
    const body = auditPage({
      entities,
      entityId,
      undone: undoneAutomaticHides(entries),
      staffRecords: staff,
      days: queueDays,
      exportMonths: can(c.get("principal"), "export", entityId) ? recentMonths(deps.clock.now(), 3) : [],
    });
    return c.html(
      page({
        title: `Audit · ${entityId}`,
        principal: c.get("principal"),
        section: "audit",
        csrfToken: c.get("csrf"),
        body,
      }),
    );
  });

  /**
   * A month's audit export as the CLI's `sentinella audit entity|staff --month … --csv` writes it (one
   * implementation: packages/audit's columns), for auditors and admins: automatic decisions or staff decisions.
   */
  app.get("/console/audit/esporta", async (c) => {
    const { entityId } = entityOf(c);
    requirePermission(c.get("principal"), "export", entityId);
    const month = c.req.query("mese") ?? "";
    const kind = c.req.query("tipo") === "personale" ? "personale" : "decisioni";
    let range: { from: string; to: string };
    try {
      range = romeMonthRange(month);
    } catch {
      throw new InvalidActionError(`mese: AAAA-MM, non "${month}"`);
    }
    const csv =
      kind === "personale"
        ? csvChunk(staffColumns, await deps.staff.listByEntity(entityId, range.from, range.to), {
            locale: "it",
            first: true,
          })
        : csvChunk(decisionColumns, await deps.decisions.listByEntity(entityId, range.from, range.to), {
            locale: "it",
            first: true,
          });
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${kind}-${entityId}-${month}.csv"`,
    });
  });

  /** The subject-requests page: the forms, and the entity's erasure records (what the office accounts for). */
  async function subjectView(c: Context<Env>, entityId: string, outcome: { done?: string[]; error?: string } = {}) {
    const { entities } = entityOf(c);
    const records = await deps.subjects.erasures(entityId);
    return c.html(
      page({
        title: `Richieste degli interessati · ${entityId}`,
        principal: c.get("principal"),
        section: "interessati",
        csrfToken: c.get("csrf"),
        body: subjectPage({ entities, entityId, csrf: c.get("csrf"), records, ...outcome }),
      }),
      outcome.error ? 400 : 200,
    );
  }

  function subjectRequest(raw: unknown) {
    const form = SubjectRequestForm.safeParse(raw);
    if (!form.success) throw new InvalidActionError(form.error.issues.map((issue) => issue.message).join("; "));
    return form.data;
  }

  app.get("/console/interessati", async (c) => {
    const { entityId } = entityOf(c);
    requirePermission(c.get("principal"), "subject", entityId);
    return subjectView(c, entityId);
  });

  /** An access request's export: what `sentinella subject export --csv|--json` writes (one implementation). */
  app.get("/console/interessati/esporta", async (c) => {
    const principal = c.get("principal");
    const { entityId } = entityOf(c);
    requirePermission(principal, "subject", entityId);
    const request = subjectRequest(c.req.query());
    const data = await deps.subjects.collect(entityId, request.autore);
    const now = deps.clock.now();
    const name = `accesso-${entityId}-${now.toISOString().slice(0, 10)}`;
    if (c.req.query("formato") === "json") {
      const body = { exportedAt: now.toISOString(), exportedBy: principal.name, protocol: request.protocollo, ...data };
      return c.body(JSON.stringify(body, null, 2), 200, {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${name}.json"`,
      });
    }
    return c.body(csvChunk(subjectColumns, subjectEntries(data), { locale: "it", first: true }), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}.csv"`,
    });
  });

  /** An erasure request: the author typed twice, run under the auditor's name with the protocol as its reason. */
  app.post("/console/interessati/cancella", async (c) => {
    const principal = c.get("principal");
    const form = await c.req.parseBody();
    const entityId = typeof form.ente === "string" ? form.ente : "";
    if (!readableEntities(principal).includes(entityId)) throw new ForbiddenError(`not a reader of ${entityId}`);
    requirePermission(principal, "subject", entityId);
    const request = subjectRequest(form);
    if (String(form.conferma ?? "").trim() !== request.autore) {
      return subjectView(c, entityId, {
        error: "Conferma non valida: l'id ripetuto non è uguale. Nessun dato cancellato.",
      });
    }
    const record = await deps.subjects.erase(entityId, request.autore, {
      erasureId: randomUUID(),
      at: deps.clock.now().toISOString(),
      by: principal.name,
      reason: request.protocollo,
    });
    return subjectView(c, entityId, { done: erasureSummary(record).split("\n") });
  });

  return app;
}

/** The current month and the ones before it, newest first, as "YYYY-MM" in Rome time. */
function recentMonths(now: Date, count: number): string[] {
  const [year, month] = now.toLocaleDateString("sv-SE", { timeZone: "Europe/Rome" }).split("-").map(Number);
  return Array.from({ length: count }, (_, back) => {
    const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1 - back, 1));
    return date.toISOString().slice(0, 7);
  });
}

/** Only console paths are valid places to return to after sign-in (no open redirect). */
function safeReturn(path: string | undefined): string {
  return path?.startsWith("/console/") && !path.startsWith("//") ? path : "/console/coda";
}

function noticeOf(c: Context<Env>): { ok: boolean; text: string } | undefined {
  const action = StaffActionKind.safeParse(c.req.query("fatto")).data;
  const status = c.req.query("esito") as keyof typeof resultLabels | undefined;
  if (!action || !status || !(status in resultLabels)) return undefined;
  return { ok: status !== "failed", text: `${actionLabels[action]}: ${resultLabels[status]}.` };
}
