import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");

const line = (id: string, entity: string, text: string) =>
  JSON.stringify({
    id,
    entity,
    platform: "facebook",
    kind: "comment",
    post: "Da lunedì chiusa al traffico via Garibaldi per la posa dei sottoservizi.",
    text,
    author: { name: `autore ${id}` },
    expected: { actions: ["allow"], categories: [] },
  });

describe("npm run demo -- --json", () => {
  it("prints only the summary as JSON on stdout, with every item decided, and its progress on stderr", async () => {
    const corpus = join(mkdtempSync(join(tmpdir(), "demo-")), "three.jsonl");
    writeFileSync(
      corpus,
      [
        line("j1", "comune-cento", "Finalmente, erano anni che la strada era piena di buche."),
        line("j2", "comune-cento", "Per quanto restano chiusi i parcheggi della piazza?"),
        line("j3", "provincia-monza-brianza", "Lavori fatti sempre nel mese peggiore, complimenti."),
      ].join("\n"),
    );
    const { stdout, stderr } = await run(
      join(root, "node_modules/.bin/tsx"),
      ["packages/local/src/demo.ts", "--file", corpus, "--rate", "0", "--json"],
      { cwd: root, env: { ...process.env, NO_COLOR: "1" } },
    );
    const summary = JSON.parse(stdout);
    expect(summary.all.items).toBe(3);
    expect(summary.decided).toBe(3);
    expect(summary.refused + summary.undecided).toBe(0);
    expect(summary.perEntity.map((row: { entity: string; items: number }) => [row.entity, row.items])).toEqual([
      ["comune-cento", 2],
      ["provincia-monza-brianza", 1],
    ]);
    expect(stderr).toContain("decided 3/3");
  }, 180_000);
});

describe("npm run demo -- --one … --asked", () => {
  it("shows the holding reply the scheduler sent for a question left last Friday, as the platform recorded it", async () => {
    const { stdout } = await run(
      join(root, "node_modules/.bin/tsx"),
      [
        "packages/local/src/demo.ts",
        ...["--one", "Buongiorno, a che ora apre la biblioteca il sabato?"],
        ...["--entity", "comune-cento", "--platform", "linkedin", "--asked", "venerdì 17:55"],
      ],
      { cwd: root, env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(stdout).toContain("azioni       reply");
    expect(stdout).toMatch(/domanda {6}venerdì .* alle ore 17:55/);
    expect(stdout).toMatch(/cortesia {5}inviata, .*, in pubblico/);
    const text = /testo {8}(.+)/.exec(stdout)?.[1];
    expect(text).toContain("Grazie per la sua domanda");
    // The sandbox LinkedIn API took one comment with that text, under the citizen's comment.
    expect(stdout).toContain(`reply a urn:li:comment:`);
    expect(stdout).toContain(`«${text}»`);
  }, 180_000);
});
