import { existsSync, readFileSync } from "node:fs";
import { type CorpusItem, parseCorpus } from "@sentinella/core";
import { type ClassifyContext, type ClassifyInput, classify, getPolicy } from "@sentinella/policy";
import { CliError } from "./errors";

export function readCorpus(path: string): CorpusItem[] {
  if (!existsSync(path)) throw new CliError(`Corpus file not found: ${path}`);
  return parseCorpus(readFileSync(path, "utf8"), path);
}

/** What the engine sees of a corpus item; `history` holds the author's earlier texts on the same entity. */
export function toClassifyCall(item: CorpusItem, history: readonly string[]): [ClassifyInput, ClassifyContext] {
  const input: ClassifyInput = { text: item.text, kind: item.kind, platform: item.platform };
  if (item.post !== undefined) input.postText = item.post;
  const context: ClassifyContext = { recentTextsByAuthor: history };
  if (item.context?.election_period !== undefined) context.electionPeriod = item.context.election_period;
  return [input, context];
}

/** The two functions of @sentinella/policy a corpus run needs: the current engine's, or another version's (diff). */
export interface Engine {
  classify: typeof classify;
  getPolicy: typeof getPolicy;
}

/**
 * Classifies a corpus in order, as the pipeline would see it: each author's earlier items on the same entity
 * are their recent history (newest first), so repeated texts count as repetition.
 */
export function* classifyCorpus(items: readonly CorpusItem[], engine: Engine = { classify, getPolicy }) {
  const histories = new Map<string, string[]>();
  for (const item of items) {
    const key = `${item.entity}\u0000${item.author?.name ?? ""}`;
    const history = item.author?.name ? (histories.get(key) ?? []) : [];
    const [input, context] = toClassifyCall(item, history);
    yield { item, decision: engine.classify(input, engine.getPolicy(item.entity), context) };
    if (item.author?.name) histories.set(key, [item.text, ...history].slice(0, 20));
  }
}
