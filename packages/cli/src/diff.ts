import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stdout } from "node:process";
import { pathToFileURL } from "node:url";
import type { CorpusItem } from "@sentinella/core";
import { Action, type Decision } from "@sentinella/core";
import { repoRoot, sampleCorpusFile } from "@sentinella/local/files";
import { colors as pc, table } from "@sentinella/local/terminal";
import { classifyCorpus, type Engine, readCorpus } from "./corpus";
import { CliError, UsageError } from "./errors";

/** What a decision is compared on: the actions and the categories, as sets. */
export interface Verdict {
  actions: string[];
  categories: string[];
}

export interface Change {
  id: string;
  text: string;
  before: Verdict;
  after: Verdict;
  /** For a labelled item: fixed (the new engine matches the label, the old did not), broken, or still wrong. */
  label?: "fixed" | "broken" | "still wrong";
}

/** The JSON shape of `sentinella diff --json`. */
export interface DiffReport {
  corpus: string;
  /** The other engine: the ref or version asked for, its commit and its CLASSIFIER_VERSION. */
  before: { ref: string; commit: string; classifier_version: string };
  after: { ref: "working tree"; classifier_version: string };
  items: number;
  changed: number;
  /** Per action: items that gain it and items that lose it with the current engine. */
  actions: Record<string, { gained: number; lost: number }>;
  fixed: number;
  broken: number;
  changes: Change[];
}

const byActionOrder = (a: string, b: string) =>
  Action.options.indexOf(a as Action) - Action.options.indexOf(b as Action);
const verdict = (d: Pick<Decision, "actions" | "categories">): Verdict => ({
  actions: [...d.actions].sort(byActionOrder),
  categories: [...new Set(d.categories.map((c) => c.category))].sort(),
});
const same = (a: Verdict, b: Verdict) =>
  a.actions.join() === b.actions.join() && a.categories.join() === b.categories.join();

/** Compares two engines' decisions on the same items, in corpus order; pure. */
export function compareDecisions(
  items: readonly CorpusItem[],
  before: readonly Pick<Decision, "actions" | "categories">[],
  after: readonly Pick<Decision, "actions" | "categories">[],
): Pick<DiffReport, "items" | "changed" | "actions" | "fixed" | "broken" | "changes"> {
  const changes: Change[] = [];
  const actions: DiffReport["actions"] = {};
  items.forEach((item, i) => {
    const old = verdict(before[i] as Decision);
    const now = verdict(after[i] as Decision);
    if (same(old, now)) return;
    for (const action of new Set([...old.actions, ...now.actions])) {
      const gained = !old.actions.includes(action);
      const lost = !now.actions.includes(action);
      if (!gained && !lost) continue;
      const entry = actions[action] ?? { gained: 0, lost: 0 };
      if (gained) entry.gained++;
      if (lost) entry.lost++;
      actions[action] = entry;
    }
    const change: Change = { id: item.id, text: item.text, before: old, after: now };
    if (item.expected) {
      const label = verdict({
        actions: item.expected.actions,
        categories: item.expected.categories.map((category) => ({ category })) as Decision["categories"],
      });
      change.label = same(label, now) ? "fixed" : same(label, old) ? "broken" : "still wrong";
    }
    changes.push(change);
  });
  return {
    items: items.length,
    changed: changes.length,
    actions,
    fixed: changes.filter((c) => c.label === "fixed").length,
    broken: changes.filter((c) => c.label === "broken").length,
    changes,
  };
}

const git = (args: string[], input?: Buffer) =>
  execFileSync("git", ["-C", repoRoot, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    // An archive of the engine's packages is several megabytes (lexicons, morphology extract).
    maxBuffer: 256 * 1024 * 1024,
    ...(input ? { input } : {}),
  });
const gitText = (args: string[]) => git(args).toString("utf8").trim();

function versionAt(commit: string): string | undefined {
  try {
    const line = gitText(["grep", "-h", "-E", "CLASSIFIER_VERSION\\s*=", commit, "--", "packages/policy/src"]);
    return /CLASSIFIER_VERSION\s*=\s*["'`]([^"'`]+)/.exec(line)?.[1];
  } catch {
    return undefined; // git grep exits 1 when nothing matches
  }
}

/**
 * A git ref (commit, branch, tag, HEAD~3) or an engine version (a CLASSIFIER_VERSION such as engine-2: its newest
 * commit in the current history).
 */
export function resolveEngineRef(against: string): { commit: string; version: string | undefined } {
  try {
    const commit = gitText(["rev-parse", "--verify", "--quiet", `${against}^{commit}`]);
    if (commit) return { commit, version: versionAt(commit) };
  } catch {
    // not a ref: try it as an engine version
  }
  let history: string[];
  try {
    history = gitText(["rev-list", "HEAD", "--", "packages/policy/src"]).split("\n").filter(Boolean);
  } catch {
    throw new CliError(`--against ${against}: ${repoRoot} is not a git checkout, so there is no other engine to load`);
  }
  for (const commit of history) if (versionAt(commit) === against) return { commit, version: against };
  throw new UsageError(
    `--against ${against}: neither a git ref nor a CLASSIFIER_VERSION in this repository's history (git log --oneline lists the refs)`,
  );
}

/**
 * Loads the engine of another commit: its packages/core and packages/policy extracted with `git archive` into a
 * temporary folder whose node_modules links the current dependencies, except @sentinella/*, which point at the
 * extracted packages. Returns the engine and a cleanup.
 */
export async function loadEngineAt(commit: string): Promise<{ engine: Engine; cleanup: () => void }> {
  for (const pkg of ["core", "policy"]) {
    try {
      git(["cat-file", "-e", `${commit}:packages/${pkg}/package.json`]);
    } catch {
      throw new CliError(`${commit.slice(0, 12)} has no packages/${pkg}: it predates the engine's current layout`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "sentinella-engine-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync("tar", ["-x", "-C", dir], {
      input: git(["archive", "--format=tar", commit, "packages/core", "packages/policy"]),
    });
    const modules = join(dir, "node_modules");
    mkdirSync(join(modules, "@sentinella"), { recursive: true });
    for (const entry of readdirSync(join(repoRoot, "node_modules"))) {
      if (entry !== "@sentinella" && entry !== ".bin")
        symlinkSync(join(repoRoot, "node_modules", entry), join(modules, entry));
    }
    for (const pkg of ["core", "policy"]) symlinkSync(join(dir, "packages", pkg), join(modules, "@sentinella", pkg));
    const entry = join(dir, "packages/policy/src/index.ts");
    if (!existsSync(entry)) throw new CliError(`${commit.slice(0, 12)} has no packages/policy/src/index.ts`);
    let policy: Partial<Engine>;
    try {
      policy = await import(pathToFileURL(entry).href);
    } catch (error) {
      throw new CliError(
        `the engine of ${commit.slice(0, 12)} does not load with today's dependencies: ${error instanceof Error ? error.message : error}`,
      );
    }
    if (typeof policy.classify !== "function" || typeof policy.getPolicy !== "function")
      throw new CliError(`the engine of ${commit.slice(0, 12)} exports no classify/getPolicy`);
    return { engine: policy as Engine, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 70 ? `${flat.slice(0, 69)}…` : flat;
};
const show = (v: Verdict) => `${v.actions.join("+")}${v.categories.length ? ` [${v.categories.join(",")}]` : ""}`;
const LABEL = { fixed: pc.green("fixed"), broken: pc.red("broken"), "still wrong": "still wrong" } as const;

function formatReport(report: DiffReport): string {
  const lines = [
    `${report.corpus}: ${report.changed} of ${report.items} decisions change from ${report.before.ref} (${report.before.commit.slice(0, 7)}, ${report.before.classifier_version}) to the working tree (${report.after.classifier_version})`,
  ];
  if (report.changed === 0) return lines.join("\n");
  const labelled = report.changes.some((c) => c.label);
  lines.push(
    table(
      ["id", "before", "after", ...(labelled ? ["vs label"] : []), "text"],
      report.changes.map((c) => [
        c.id,
        show(c.before),
        show(c.after),
        ...(labelled ? [c.label ? LABEL[c.label] : ""] : []),
        excerpt(c.text),
      ]),
    ),
    Object.entries(report.actions)
      .map(([action, n]) => `${action} +${n.gained} −${n.lost}`)
      .join(", "),
  );
  if (labelled) lines.push(`against the labels: ${report.fixed} fixed, ${report.broken} broken`);
  return lines.join("\n");
}

export async function diffCommand(
  corpus: string | undefined,
  options: { against?: string; json?: boolean },
): Promise<void> {
  if (!options.against) throw new UsageError("diff needs --against <git ref or engine version>");
  const file = corpus ?? sampleCorpusFile;
  const items = readCorpus(file);
  const { commit, version } = resolveEngineRef(options.against);
  const { engine, cleanup } = await loadEngineAt(commit);
  try {
    const before = [...classifyCorpus(items, engine)].map((o) => o.decision);
    const after = [...classifyCorpus(items)].map((o) => o.decision);
    const report: DiffReport = {
      corpus: file,
      before: {
        ref: options.against,
        commit,
        classifier_version: before[0]?.classifierVersion ?? version ?? "unknown",
      },
      after: { ref: "working tree", classifier_version: after[0]?.classifierVersion ?? "unknown" },
      ...compareDecisions(items, before, after),
    };
    stdout.write(`${options.json ? JSON.stringify(report) : formatReport(report)}\n`);
  } finally {
    cleanup();
  }
}
