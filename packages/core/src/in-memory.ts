import type { ActionTaken, Category, DecisionRecord } from "./decision";
import type { HideRecords } from "./offender-ledger";
import {
  type Clock,
  type DecisionKey,
  type DecisionStore,
  type ErasureTombstones,
  type OffenderLedger,
  type StaffRecordStore,
  systemClock,
} from "./ports";
import type { OffenderEvent, StaffRecord } from "./staff";

/** A decision as listed for an entity (what the table's per-entity index keeps): categories by name only. */
export type DecisionListing = Pick<
  DecisionRecord,
  | "itemKey"
  | "itemVersionKey"
  | "entityId"
  | "platform"
  | "accountId"
  | "itemId"
  | "kind"
  | "event"
  | "postId"
  | "authorId"
  | "mode"
  | "actions"
  | "redactedText"
  | "policyVersion"
  | "decidedAt"
> & { categories: Category[] };

const byTime =
  <T>(time: (value: T) => string) =>
  (a: T, b: T) =>
    time(a).localeCompare(time(b));

/** In-memory twin of the decision table, for unit tests of code that reads or writes decisions. */
export class InMemoryDecisionStore implements DecisionStore, HideRecords {
  readonly records = new Map<string, DecisionRecord>();
  private readonly leases = new Map<string, Date>();

  constructor(private readonly clock: Clock = systemClock) {}

  async put(record: DecisionRecord, options: { leaseUntil?: Date } = {}): Promise<"written" | "exists"> {
    if (this.records.has(record.itemVersionKey)) return "exists";
    this.records.set(record.itemVersionKey, structuredClone(record));
    if (options.leaseUntil) this.leases.set(record.itemVersionKey, options.leaseUntil);
    return "written";
  }

  async lease(key: DecisionKey, until: Date): Promise<boolean> {
    const held = this.leases.get(key.itemVersionKey);
    if (held && held > this.clock.now()) return false;
    this.leases.set(key.itemVersionKey, until);
    return true;
  }

  async release(key: DecisionKey): Promise<void> {
    this.leases.delete(key.itemVersionKey);
  }

  async listByItem(itemKey: string): Promise<DecisionRecord[]> {
    return [...this.records.values()].filter((r) => r.itemKey === itemKey).sort(byTime((r) => r.decidedAt));
  }

  async get(key: DecisionKey): Promise<DecisionRecord | undefined> {
    return this.records.get(key.itemVersionKey);
  }

  async appendActions(key: DecisionKey, actions: readonly ActionTaken[]): Promise<void> {
    const record = this.records.get(key.itemVersionKey);
    if (!record) throw new Error(`no decision ${key.itemVersionKey}`);
    record.actionsTaken.push(...actions);
  }

  async recentByAuthor(entityId: string, authorId: string, limit: number) {
    return [...this.records.values()]
      .filter((r) => r.entityId === entityId && r.authorId === authorId)
      .sort(byTime((r) => r.decidedAt))
      .reverse()
      .slice(0, limit);
  }

  async itemsOfAuthor(entityId: string, authorId: string): Promise<string[]> {
    return [...this.records.values()]
      .filter((r) => r.entityId === entityId && r.authorId === authorId)
      .map((r) => r.itemKey);
  }

  async hiddenItemsSince(entityId: string, from: string): Promise<string[]> {
    return [...this.records.values()]
      .filter((r) => r.entityId === entityId && r.decidedAt >= from && r.actions.includes("hide"))
      .map((r) => r.itemKey);
  }

  async listByEntity(entityId: string, from: string, to: string): Promise<DecisionListing[]> {
    return [...this.records.values()]
      .filter((r) => r.entityId === entityId && from <= r.decidedAt && r.decidedAt <= to)
      .sort(byTime((r) => r.decidedAt))
      .map((r) => ({
        itemKey: r.itemKey,
        itemVersionKey: r.itemVersionKey,
        entityId: r.entityId,
        platform: r.platform,
        accountId: r.accountId,
        itemId: r.itemId,
        kind: r.kind,
        event: r.event,
        postId: r.postId,
        authorId: r.authorId,
        mode: r.mode,
        actions: r.actions,
        redactedText: r.redactedText,
        policyVersion: r.policyVersion,
        decidedAt: r.decidedAt,
        categories: [...new Set(r.categories.map((finding) => finding.category))],
      }));
  }
}

/** In-memory twin of the staff records in the decision table. */
export class InMemoryStaffRecords implements StaffRecordStore {
  readonly records: StaffRecord[] = [];

  async append(record: StaffRecord): Promise<void> {
    // Records are never overwritten: the same id again leaves the first.
    if (this.records.some((r) => r.itemKey === record.itemKey && r.recordId === record.recordId)) return;
    this.records.push(structuredClone(record));
  }

  async listByItem(itemKey: string): Promise<StaffRecord[]> {
    return this.records.filter((r) => r.itemKey === itemKey).sort(byTime((r) => r.recordId));
  }

  async listByEntity(entityId: string, from: string, to: string): Promise<StaffRecord[]> {
    return this.records
      .filter((r) => r.entityId === entityId && from <= r.at && r.at <= to)
      .sort(byTime((r) => r.recordId));
  }
}

/** In-memory twin of the repeat-offender ledger. */
export class InMemoryOffenderLedger implements OffenderLedger {
  readonly events: OffenderEvent[] = [];

  async append(event: OffenderEvent): Promise<void> {
    const known = this.events.some(
      (e) => e.entityId === event.entityId && e.authorId === event.authorId && e.eventId === event.eventId,
    );
    if (!known) this.events.push(structuredClone(event));
  }

  async listByAuthor(entityId: string, authorId: string): Promise<OffenderEvent[]> {
    return this.events.filter((e) => e.entityId === entityId && e.authorId === authorId).sort(byTime((e) => e.eventId));
  }

  async listByEntity(entityId: string, from: string): Promise<OffenderEvent[]> {
    return this.events.filter((e) => e.entityId === entityId && e.at >= from).sort(byTime((e) => e.eventId));
  }
}

/** In-memory twin of the erasure tombstones: when each author's data was last erased. */
export class InMemoryErasureTombstones implements ErasureTombstones {
  readonly erased = new Map<string, string>();

  mark(entityId: string, authorId: string, at: string): void {
    this.erased.set(`${entityId}#${authorId}`, at);
  }

  async erasedAt(entityId: string, authorId: string): Promise<string | undefined> {
    return this.erased.get(`${entityId}#${authorId}`);
  }
}
