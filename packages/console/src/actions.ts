import type { SubjectRequests } from "@sentinella/audit";
import {
  type ActionTarget,
  type Clock,
  type DecisionReader,
  type DecisionRecord,
  type EntityDeployment,
  findDeployment,
  isHiddenNow,
  type OffenderEvent,
  type OffenderLedger,
  type PlatformActions,
  PlatformError,
  type PlatformResult,
  type StaffActionKind,
  type StaffActionResult,
  type StaffRecord,
  type StaffRecordStore,
  showingActions,
  staffRecordId,
} from "@sentinella/core";
import type { Policy } from "@sentinella/policy";
import { InvalidActionError, NotFoundError } from "./errors";
import { warningText } from "./offenders";
import { can, type Principal, requirePermission } from "./principal";

export interface ConsoleDeps {
  decisions: DecisionReader;
  staff: StaffRecordStore;
  offenders: OffenderLedger;
  platforms: PlatformActions;
  deployments: readonly EntityDeployment[];
  policyFor(entityId: string): Policy;
  /** A data subject's access and erasure requests (packages/audit), for auditors. */
  subjects: SubjectRequests;
  clock: Clock;
  randomId(): string;
}

export interface ActionRequest {
  action: StaffActionKind;
  note?: string;
  /** The reply's text; for a warning, the template's text when absent. */
  text?: string;
}

/** Platforms whose API can answer an author privately (Graph private replies and messages). */
const privateReplyPlatforms = new Set(["facebook", "instagram"]);
/** Platforms where a ban goes through the API: Graph's Page `blocked` edge (Instagram has no such edge). */
const blockingPlatforms = new Set(["facebook"]);

function targetOf(record: DecisionRecord): ActionTarget {
  return {
    platform: record.platform,
    accountId: record.accountId,
    itemId: record.itemId,
    kind: record.kind,
    threadId: record.threadId,
    authorId: record.authorId,
    postId: record.postId,
  };
}

/** An item's records, checked against what the person may see: another entity's item is "not found". */
export async function loadItem(deps: Pick<ConsoleDeps, "decisions" | "staff">, principal: Principal, itemKey: string) {
  const decisions = await deps.decisions.listByItem(itemKey);
  const latest = decisions.at(-1);
  if (!latest || !can(principal, "read", latest.entityId)) throw new NotFoundError(`no item ${itemKey}`);
  return { decisions, latest, staff: await deps.staff.listByItem(itemKey) };
}

/**
 * Calls the platform through its adapter. A transient failure of an idempotent call (hide, unhide, block) is
 * retried once at once, as a person clicking again would; anything else is reported as it failed, with the
 * adapter's error kind and code, and the person decides.
 */
async function callPlatform(call: () => Promise<PlatformResult>, idempotent: boolean): Promise<StaffActionResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { status: "done", platformResult: (await call()).response };
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const retry = idempotent && attempt === 1 && error.kind === "transient";
      if (!retry) return { status: "failed", error: { kind: error.kind, code: error.code, message: error.message } };
    }
  }
}

function task(instructions: string): StaffActionResult {
  return { status: "task", instructions };
}

/** The platform side of an action: a call, a task for staff, or nothing. */
async function platformEffect(
  deps: ConsoleDeps,
  record: DecisionRecord,
  action: StaffActionKind,
  text: string | undefined,
): Promise<StaffActionResult> {
  const target = targetOf(record);
  const { platforms } = deps;
  const noCall: StaffActionResult = { status: "none" };
  const mode = findDeployment(deps.deployments, record.platform, record.accountId)?.mode ?? record.mode;
  const calls: Partial<Record<StaffActionKind, () => Promise<StaffActionResult>>> = {
    hide: () => callPlatform(() => platforms.hide(target), true),
    unhide: () => callPlatform(() => platforms.unhide(target), true),
    reply: () => callPlatform(() => platforms.reply(target, text as string), false),
    async warn() {
      if (!privateReplyPlatforms.has(record.platform)) {
        return task(
          `Inviare l'avviso all'autore a mano su ${record.platform} (messaggio o risposta), con il testo registrato.`,
        );
      }
      return callPlatform(() => platforms.privateReply(target, text as string), false);
    },
    async approve_ban() {
      if (!blockingPlatforms.has(record.platform) || !platforms.block) {
        return task(
          `Bloccare l'autore ${record.authorId} dalle impostazioni dell'account su ${record.platform}: l'API non lo consente.`,
        );
      }
      const block = platforms.block.bind(platforms);
      return callPlatform(() => block(target), true);
    },
  };
  const call = calls[action];
  if (!call) return noCall;
  if (mode === "shadow") return { status: "shadow" };
  if ((action === "hide" || action === "unhide") && record.kind === "message") {
    throw new InvalidActionError("un messaggio privato non si può nascondere");
  }
  return call();
}

const banActions: ReadonlySet<StaffActionKind> = new Set(["propose_ban", "approve_ban", "reject_ban"]);

/** The ledger event a staff action adds, if any. */
function ledgerKind(
  action: StaffActionKind,
  wasHidden: boolean,
  result: StaffActionResult,
): OffenderEvent["kind"] | undefined {
  if (result.status === "failed" && action !== "warn") return undefined;
  if (action === "hide") return "violation";
  if (showingActions.has(action) && wasHidden) return "withdrawn";
  if (action === "warn") return "warning";
  if (action === "propose_ban") return "ban_proposed";
  if (action === "approve_ban") return "ban_approved";
  if (action === "reject_ban") return "ban_rejected";
  return undefined;
}

/**
 * One staff action on one item, by the signed-in person: checked against their role for the item's entity, carried
 * out on the platform through its adapter, then appended as a new staff record (never an update of the automatic
 * decision), and, for what counts towards repetition, as an event in the author's ledger.
 */
export async function performAction(
  deps: ConsoleDeps,
  principal: Principal,
  itemKey: string,
  request: ActionRequest,
): Promise<StaffRecord> {
  const { decisions, latest, staff } = await loadItem(deps, principal, itemKey);
  const entityId = latest.entityId;
  requirePermission(
    principal,
    banActions.has(request.action) && request.action !== "propose_ban" ? "approve_ban" : "act",
    entityId,
  );
  const rule = deps.policyFor(entityId).repeatOffenders;
  if ((request.action === "warn" || banActions.has(request.action)) && !latest.authorId) {
    throw new InvalidActionError("l'autore di questo contenuto non è noto");
  }
  const text = request.action === "warn" ? request.text?.trim() || warningText(rule) : request.text?.trim();
  if (request.action === "reply" && !text) throw new InvalidActionError("scrivere il testo della risposta");

  const wasHidden = isHiddenNow(decisions, staff);
  const result = await platformEffect(deps, latest, request.action, text);
  const now = deps.clock.now();
  const clause =
    request.action === "warn" || banActions.has(request.action) ? rule.clause : latest.categories[0]?.clause;
  const record: StaffRecord = {
    schemaVersion: 1,
    recordType: "staff",
    recordId: staffRecordId(now, deps.randomId()),
    itemKey,
    entityId,
    platform: latest.platform,
    accountId: latest.accountId,
    itemId: latest.itemId,
    authorId: latest.authorId,
    action: request.action,
    source: "console",
    by: {
      userId: principal.userId,
      name: principal.name,
      role: principal.roles.get(entityId)?.has("admin") ? "admin" : "moderator",
    },
    at: now.toISOString(),
    note: request.note?.trim() || undefined,
    clause,
    text: request.action === "reply" || request.action === "warn" ? text : undefined,
    overrides: latest.itemVersionKey,
    result,
  };
  await deps.staff.append(record);

  const kind = ledgerKind(request.action, wasHidden, result);
  if (kind && latest.authorId) {
    await deps.offenders.append({
      entityId,
      authorId: latest.authorId,
      platform: latest.platform,
      accountId: latest.accountId,
      kind,
      at: record.at,
      eventId: record.recordId,
      itemKey,
      by: principal.name,
      clause: kind === "violation" || kind === "withdrawn" ? latest.categories[0]?.clause : rule.clause,
      status: result.status,
    });
  }
  return record;
}
