import { stdin, stdout } from "node:process";
import { parseArgs } from "node:util";
import { type Decision, ItemKind, Platform } from "@sentinella/core";
import { type ClassifyInput, classify, getPolicy } from "@sentinella/policy";
import type { z } from "zod";
import { classifyCorpus, parseCorpus } from "./corpus";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A decision as a moderator reads it in a terminal. */
export function formatDecision(decision: Decision): string {
  const lines = [`azioni: ${decision.actions.join(", ")}`];
  for (const c of decision.categories) {
    lines.push(
      `- ${c.category}${c.clearCut ? " (netto)" : " (dubbio)"} confidenza ${c.confidence.toFixed(2)}; regole ${c.ruleIds.join(", ")}; ${c.clause}`,
    );
  }
  lines.push(`testo oscurato: ${decision.redactedText}`, `motivazione: ${decision.explanation}`);
  return lines.join("\n");
}

function option<T extends string>(values: z.ZodEnum<{ [K in T]: K }>, name: string, value: string): T {
  const parsed = values.safeParse(value);
  if (!parsed.success) throw new Error(`--${name} must be one of ${values.options.join(", ")}, not "${value}"`);
  return parsed.data;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      entity: { type: "string" },
      platform: { type: "string", default: "facebook" },
      kind: { type: "string", default: "comment" },
      post: { type: "string" },
      "election-period": { type: "boolean" },
      json: { type: "boolean", default: false },
      jsonl: { type: "boolean", default: false },
    },
  });

  if (values.jsonl) {
    for (const { item, decision } of classifyCorpus(parseCorpus(await readStdin(), "stdin"))) {
      const categories = decision.categories.map((c) => c.category);
      stdout.write(
        `${JSON.stringify({ id: item.id, actions: decision.actions, categories, redacted: decision.redactedText })}\n`,
      );
    }
    return 0;
  }

  if (!values.entity || positionals.length !== 1)
    throw new Error('classify needs --entity <id> and one text argument, e.g. classify --entity comune-cento "testo"');
  const input: ClassifyInput = {
    text: positionals[0] as string,
    platform: option(Platform, "platform", values.platform),
    kind: option(ItemKind, "kind", values.kind),
  };
  if (values.post !== undefined) input.postText = values.post;
  const context = values["election-period"] === undefined ? {} : { electionPeriod: values["election-period"] };
  const decision = classify(input, getPolicy(values.entity), context);
  stdout.write(`${values.json ? JSON.stringify(decision) : formatDecision(decision)}\n`);
  return 0;
}
