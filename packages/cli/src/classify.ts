import { stdin, stdout } from "node:process";
import { actionLabel, categoryLabel } from "@sentinella/audit";
import { type Decision, type ItemKind, type Platform, parseCorpus, removalFor } from "@sentinella/core";
import { colors as pc } from "@sentinella/local/terminal";
import { type ClassifyContext, type ClassifyInput, classify, getPolicy, policies } from "@sentinella/policy";
import { classifyCorpus } from "./corpus";
import { UsageError } from "./errors";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A decision about `text` as a moderator reads it in a terminal (Italian: staff-facing; `--json` has the codes). A
 * statistical finding (`model.*`) has no rule to name, so its strongest features are quoted from the text.
 */
export function formatDecision(decision: Decision, text: string): string {
  const actions = decision.actions.map((a) => (a === "allow" ? pc.green : pc.bold)(actionLabel[a]));
  const lines = [`azioni: ${actions.join(", ")}`];
  for (const c of decision.categories) {
    const model = c.ruleIds.some((id) => id.startsWith("model."));
    const clues = model ? `; indizi ${c.evidence.map((e) => `«${text.slice(e.start, e.end)}»`).join(", ")}` : "";
    lines.push(
      `- ${categoryLabel[c.category]}${c.clearCut ? " (netto)" : " (dubbio)"} confidenza ${c.confidence.toFixed(2)}; regole ${c.ruleIds.join(", ")}${clues}; ${c.clause}`,
    );
  }
  lines.push(`testo oscurato: ${decision.redactedText}`, `motivazione: ${decision.explanation}`);
  return lines.join("\n");
}

export interface ClassifyOptions {
  entity?: string;
  platform: Platform;
  kind: ItemKind;
  post?: string;
  electionPeriod?: boolean;
  json?: boolean;
  jsonl?: boolean;
}

export async function classifyCommand(text: string | undefined, options: ClassifyOptions): Promise<void> {
  if (options.jsonl) {
    if (text !== undefined) throw new UsageError("classify --jsonl reads its items from stdin: give no text argument");
    for (const { item, decision } of classifyCorpus(parseCorpus(await readStdin(), "stdin"))) {
      const categories = decision.categories.map((c) => c.category);
      stdout.write(
        `${JSON.stringify({ id: item.id, actions: decision.actions, categories, redacted: decision.redactedText })}\n`,
      );
    }
    return;
  }
  if (!options.entity || text === undefined)
    throw new UsageError('classify needs --entity <id> and one text, e.g. classify --entity comune-cento "testo"');
  const input: ClassifyInput = { text, platform: options.platform, kind: options.kind };
  if (options.post !== undefined) input.postText = options.post;
  // As a deployment with the defaults would act: a LinkedIn comment or a mention goes to review, not hidden.
  const context: ClassifyContext = { removal: removalFor(input) };
  if (options.electionPeriod !== undefined) context.electionPeriod = options.electionPeriod;
  if (!policies.some((p) => p.id === options.entity))
    throw new UsageError(`No policy for entity "${options.entity}": one of ${policies.map((p) => p.id).join(", ")}`);
  const decision = classify(input, getPolicy(options.entity), context);
  stdout.write(`${options.json ? JSON.stringify(decision) : formatDecision(decision, text)}\n`);
}
