import { ForbiddenError, NotFoundError, performAction } from "@sentinella/console";
import { PlatformError } from "@sentinella/core";
import { describe, expect, it } from "vitest";
import { consoleDeps, decision, principal } from "./fixtures";

const moderator = principal(["comune-cento:moderator"], "maria@comune.it");

describe("staff actions", () => {
  it("hides through the platform adapter and appends a staff record, leaving the automatic decision as it was", async () => {
    const { deps, decisions, staff, recording, offenders } = consoleDeps();
    const automatic = decision({ itemId: "c1" });
    await decisions.put(automatic);
    const record = await performAction(deps, moderator, automatic.itemKey, { action: "hide", note: "insulto" });
    expect(recording.calls).toEqual([{ action: "hide", itemId: "c1", text: undefined }]);
    expect(record).toMatchObject({
      action: "hide",
      by: { name: "maria@comune.it", role: "moderator" },
      note: "insulto",
      overrides: automatic.itemVersionKey,
      result: { status: "done" },
      clause: "Clausola insult",
    });
    expect(staff.records).toHaveLength(1);
    expect(await decisions.listByItem(automatic.itemKey)).toEqual([automatic]);
    expect(offenders.events.map((e) => e.kind)).toEqual(["violation"]);
  });

  it("records a refused platform call as failed, with the adapter's error kind and code", async () => {
    const { deps, decisions, recording } = consoleDeps();
    const automatic = decision({ itemId: "c2" });
    await decisions.put(automatic);
    recording.fail(new PlatformError("permanent", "100", "Unsupported post request"));
    const record = await performAction(deps, moderator, automatic.itemKey, { action: "hide" });
    expect(record.result).toMatchObject({ status: "failed", error: { kind: "permanent", code: "100" } });
  });

  it("retries a transient failure of a hide once", async () => {
    const { deps, decisions, recording } = consoleDeps();
    const automatic = decision({ itemId: "c3" });
    await decisions.put(automatic);
    recording.fail(new PlatformError("transient", "2", "Service temporarily unavailable"));
    const record = await performAction(deps, moderator, automatic.itemKey, { action: "hide" });
    expect(record.result.status).toBe("done");
    expect(recording.calls).toHaveLength(1);
  });

  it("unhiding an automatic hide withdraws the violation from the author's ledger", async () => {
    const { deps, decisions, offenders } = consoleDeps();
    const automatic = {
      ...decision({ itemId: "c4", actions: ["hide"], categories: ["spam"] }),
      actionsTaken: [{ action: "hide" as const, status: "done" as const, at: "2026-12-01T10:00:01.000Z" }],
    };
    await decisions.put(automatic);
    await performAction(deps, moderator, automatic.itemKey, { action: "unhide" });
    expect(offenders.events.map((e) => e.kind)).toEqual(["withdrawn"]);
  });

  it("sends the policy's warning as a private reply, citing the repeat-offender clause", async () => {
    const { deps, decisions, recording } = consoleDeps();
    const automatic = decision({ itemId: "c5", entityId: "provincia-monza-brianza" });
    await decisions.put(automatic);
    const record = await performAction(deps, principal(["provincia-monza-brianza:moderator"]), automatic.itemKey, {
      action: "warn",
    });
    expect(recording.calls[0]?.action).toBe("private_reply");
    expect(recording.calls[0]?.text).toContain("ban dopo un primo avviso");
    expect(record.clause).toContain("ban dopo un primo avviso");
  });

  it("makes a ban on Instagram a task, since Graph has no block call there", async () => {
    const { deps, decisions, recording } = consoleDeps();
    const automatic = decision({ itemId: "c6", platform: "instagram" });
    await decisions.put(automatic);
    const record = await performAction(deps, principal(["comune-cento:admin"]), automatic.itemKey, {
      action: "approve_ban",
    });
    expect(record.result.status).toBe("task");
    expect(record.result.instructions).toContain("Bloccare");
    expect(recording.calls).toEqual([]);
  });

  it("only records in shadow mode", async () => {
    const { deps, decisions, recording } = consoleDeps();
    deps.deployments = deps.deployments.map((d) => ({ ...d, mode: "shadow" }));
    const automatic = decision({ itemId: "c7" });
    await decisions.put(automatic);
    const record = await performAction(deps, moderator, automatic.itemKey, { action: "hide" });
    expect(record.result.status).toBe("shadow");
    expect(recording.calls).toEqual([]);
  });

  it("refuses an auditor, a moderator approving a ban, and hides another entity's item", async () => {
    const { deps, decisions, staff } = consoleDeps();
    const cento = decision({ itemId: "c8" });
    const monza = decision({ itemId: "m1", entityId: "provincia-monza-brianza" });
    await decisions.put(cento);
    await decisions.put(monza);
    await expect(
      performAction(deps, principal(["comune-cento:auditor"]), cento.itemKey, { action: "hide" }),
    ).rejects.toThrow(ForbiddenError);
    await expect(performAction(deps, moderator, cento.itemKey, { action: "approve_ban" })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(performAction(deps, moderator, monza.itemKey, { action: "hide" })).rejects.toThrow(NotFoundError);
    expect(staff.records).toEqual([]);
  });
});
