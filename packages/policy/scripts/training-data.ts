/** The statistical layer's training data: the labelled files of `eval/training/`, and the hash the weights record. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CorpusItem, parseCorpus } from "@sentinella/core";

export const TRAINING_DIR = join(import.meta.dirname, "../eval/training");

/** The training files in name order, so the hash and the items' order do not depend on the file system. */
const trainingFiles = (): string[] =>
  readdirSync(TRAINING_DIR)
    .filter((name) => name.endsWith(".jsonl"))
    .sort();

/** sha256 over every training file's name and bytes: it changes when any label or text does. */
export function trainingDataHash(): string {
  const hash = createHash("sha256");
  for (const name of trainingFiles()) hash.update(`${name}\n`).update(readFileSync(join(TRAINING_DIR, name)));
  return hash.digest("hex");
}

export function readTrainingData(): CorpusItem[] {
  return trainingFiles().flatMap((name) => parseCorpus(readFileSync(join(TRAINING_DIR, name), "utf8"), name));
}
