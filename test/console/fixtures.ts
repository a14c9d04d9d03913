import { InMemorySubjectRequests } from "@sentinella/audit";
import type { ConsoleDeps, Principal } from "@sentinella/console";
import { principalFromClaims } from "@sentinella/console";
import {
  type Action,
  type Category,
  type DecisionRecord,
  type EntityDeployment,
  InMemoryDecisionStore,
  InMemoryErasureTombstones,
  InMemoryOffenderLedger,
  InMemoryStaffRecords,
  type PlatformActions,
  withSentinellaHides,
} from "@sentinella/core";
import { getPolicy } from "@sentinella/policy";

let counter = 0;

/** A stored automatic decision about a Facebook comment of `entityId`. */
export function decision(options: {
  entityId?: string;
  itemId?: string;
  actions?: Action[];
  categories?: Category[];
  decidedAt?: string;
  authorId?: string;
  text?: string;
  platform?: DecisionRecord["platform"];
}): DecisionRecord {
  const entityId = options.entityId ?? "comune-cento";
  const itemId = options.itemId ?? `c${++counter}`;
  const platform = options.platform ?? "facebook";
  const accountId = `fb-${entityId}`;
  const itemKey = `${platform}#${accountId}#${itemId}`;
  const decidedAt = options.decidedAt ?? "2026-12-01T10:00:00.000Z";
  return {
    schemaVersion: 1,
    actions: options.actions ?? ["review"],
    categories: (options.categories ?? ["insult"]).map((category) => ({
      category,
      confidence: 0.8,
      clearCut: false,
      ruleIds: [`${category}.rule`],
      clause: `Clausola ${category}`,
      evidence: [],
    })),
    redactedText: options.text ?? "testo di prova",
    explanation: "Motivazione di prova.",
    policyVersion: "p1",
    classifierVersion: "engine-2",
    itemKey,
    itemVersionKey: `${itemKey}#created#0`,
    entityId,
    platform,
    accountId,
    itemId,
    kind: "comment",
    event: "created",
    postId: `${accountId}_1`,
    authorId: options.authorId ?? "u-1",
    mode: "enforce",
    actionsTaken: [],
    itemCreatedAt: decidedAt,
    decidedAt,
    fullText: options.text ?? "testo di prova",
  };
}

export function principal(groups: string[], name = "maria@comune.it"): Principal {
  return principalFromClaims({ sub: `sub-${name}`, email: name, "cognito:groups": groups, exp: 2e9, iat: 1 });
}

/** Platform actions that record their calls; `fail` makes the next call throw the given error. */
export function recordingPlatforms() {
  const calls: { action: string; itemId: string; text?: string }[] = [];
  let failNext: Error | undefined;
  const act = (action: string) => async (target: { itemId: string }, text?: string) => {
    if (failNext) {
      const error = failNext;
      failNext = undefined;
      throw error;
    }
    calls.push({ action, itemId: target.itemId, text });
    return { response: { success: true } };
  };
  const platforms: PlatformActions = {
    hide: act("hide"),
    unhide: act("unhide"),
    reply: act("reply"),
    privateReply: act("private_reply"),
    block: act("block"),
  };
  return {
    platforms,
    calls,
    fail(error: Error) {
      failNext = error;
    },
  };
}

export function consoleDeps(overrides: Partial<ConsoleDeps> = {}) {
  const decisions = new InMemoryDecisionStore();
  const staff = new InMemoryStaffRecords();
  const offenders = new InMemoryOffenderLedger();
  const tombstones = new InMemoryErasureTombstones();
  const subjects = new InMemorySubjectRequests({ decisions, staff, offenders, tombstones });
  const recording = recordingPlatforms();
  const deployments: EntityDeployment[] = ["comune-cento", "provincia-monza-brianza"].map((entityId) => ({
    entityId,
    mode: "enforce",
    accounts: [{ platform: "facebook", accountId: `fb-${entityId}` }],
  }));
  let now = new Date("2026-12-01T12:00:00.000Z");
  let id = 0;
  const deps: ConsoleDeps = {
    decisions,
    staff,
    offenders: withSentinellaHides(offenders, decisions),
    platforms: recording.platforms,
    deployments,
    policyFor: getPolicy,
    subjects,
    clock: { now: () => now },
    randomId: () => String(++id).padStart(4, "0"),
    ...overrides,
  };
  return {
    deps,
    decisions,
    staff,
    offenders,
    subjects,
    tombstones,
    recording,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}
