import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryDecisionStore } from "@sentinella/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../packages/cli/src/errors";
import { replay } from "../../packages/cli/src/replay";
import { decision } from "../console/fixtures";

const period = { entity: "comune-cento", from: "2026-12-01", to: "2026-12-01" };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sentinella-replay-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(
  store: InMemoryDecisionStore,
  options: Partial<typeof period> & { policy?: string; json?: boolean },
) {
  let out = "";
  await replay(store, { ...period, ...options }, (text) => {
    out += text;
  });
  return out;
}

describe("sentinella replay", () => {
  it("reports what would change over the period's retained texts, and counts those whose text expired", async () => {
    const store = new InMemoryDecisionStore();
    // Hidden back then, a plain thank-you today: no longer hidden.
    await store.put(decision({ actions: ["hide"], text: "Grazie per gli orari aggiornati della biblioteca comunale" }));
    await store.put({ ...decision({ actions: ["hide"] }), fullText: undefined });
    await store.put(decision({ actions: ["hide"], decidedAt: "2026-11-20T10:00:00.000Z" }));
    await store.put(decision({ entityId: "provincia-piacenza", actions: ["hide"] }));
    const report = JSON.parse(await run(store, { json: true }));
    expect(report).toMatchObject({ replayed: 1, withoutText: 1, noLongerHidden: 1, newlyHidden: 0 });
    expect(report.changes[0].after.actions).not.toContain("hide");

    const text = await run(store, {});
    expect(text).toContain("Nessuna azione eseguita.");
    expect(text).toContain("non più nascosti: 1");
    expect(text).toContain("Grazie per gli orari");
  });

  it("tries a draft policy of the same entity, and refuses another entity's or a malformed one", async () => {
    const store = new InMemoryDecisionStore();
    const own = join(dir, "comune-cento.json");
    await writeFile(
      own,
      await readFile(new URL("../../packages/policy/policies/comune-cento.json", import.meta.url), "utf8"),
    );
    expect(await run(store, { policy: own })).toContain("Nessun cambiamento.");
    const other = join(dir, "piacenza.json");
    await writeFile(
      other,
      await readFile(new URL("../../packages/policy/policies/provincia-piacenza.json", import.meta.url), "utf8"),
    );
    await expect(run(store, { policy: other })).rejects.toThrow(/policy di provincia-piacenza/);
    const broken = join(dir, "broken.json");
    await writeFile(broken, "{");
    await expect(run(store, { policy: broken })).rejects.toBeInstanceOf(UsageError);
    await expect(run(store, { from: "1 dicembre" })).rejects.toBeInstanceOf(UsageError);
  });
});
