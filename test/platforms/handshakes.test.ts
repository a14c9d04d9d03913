import type { EntityDeployment } from "@sentinella/core";
import { handshakeAlerts, inMemoryHandshakeLog } from "@sentinella/platforms";
import { describe, expect, it } from "vitest";

const hours = (n: number) => n * 3_600_000;

describe("alerts about webhooks a platform stopped verifying", () => {
  const deployments: EntityDeployment[] = [
    { entityId: "comune-cento", mode: "enforce", accounts: [{ platform: "linkedin", accountId: "li-cento" }] },
    { entityId: "provincia-monza-brianza", mode: "enforce", accounts: [{ platform: "linkedin", accountId: "li-mb" }] },
    { entityId: "provincia-massa-carrara", mode: "enforce", accounts: [{ platform: "x", accountId: "x-mc" }] },
  ];
  const lastValidation = new Date("2026-12-03T08:00:00Z");

  it("tells every entity on LinkedIn once LinkedIn has missed three 2-hourly validations, not before", async () => {
    const log = inMemoryHandshakeLog();
    await log.answered("linkedin", lastValidation);
    await log.answered("x", lastValidation);
    expect(await handshakeAlerts(deployments, log, new Date(lastValidation.getTime() + hours(5)))).toEqual([]);

    const late = await handshakeAlerts(deployments, log, new Date(lastValidation.getTime() + hours(7)));
    expect(late.map((a) => [a.entityId, a.reason, a.platform])).toEqual([
      ["comune-cento", "webhook_stale", "linkedin"],
      ["provincia-monza-brianza", "webhook_stale", "linkedin"],
    ]);
    expect(late[0]?.redactedText).toContain(
      "LinkedIn non verifica il webhook di Sentinella da giovedì 3 dicembre 2026",
    );
    // The same silence keeps the same key, so the alert store sends it once; X allows 28 hours.
    expect(late[0]?.itemKey).toBe("handshake#linkedin#2026-12-03T08:00:00.000Z");
    const x = await handshakeAlerts(deployments, log, new Date(lastValidation.getTime() + hours(29)));
    expect(x.filter((a) => a.platform === "x").map((a) => a.entityId)).toEqual(["provincia-massa-carrara"]);
  });

  it("says nothing about a route never verified (a deployment not finished) or no entity uses", async () => {
    const log = inMemoryHandshakeLog();
    await log.answered("linkedin", lastValidation);
    const later = new Date(lastValidation.getTime() + hours(100));
    expect((await handshakeAlerts(deployments, log, later)).some((a) => a.platform === "x")).toBe(false);
    expect(await handshakeAlerts([deployments[2] as EntityDeployment], log, later)).toEqual([]);
  });
});
