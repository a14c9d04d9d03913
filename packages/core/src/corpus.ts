import * as z from "zod";
import { Action, Category } from "./decision";
import { ItemKind, Platform } from "./item";

/** One labelled item in the corpus format of the labelling guide (GUIDE.md, "Corpus format"). */
export const CorpusItem = z.object({
  id: z.string(),
  entity: z.string(),
  platform: Platform,
  kind: ItemKind,
  post: z.string().optional(),
  text: z.string(),
  author: z.object({ name: z.string().optional() }).optional(),
  /** Whether the item was posted during an election period (the pipeline judges that by the date instead). */
  context: z.object({ election_period: z.boolean().optional() }).optional(),
  expected: z.object({ actions: z.array(Action), categories: z.array(Category) }).optional(),
  note: z.string().optional(),
});
export type CorpusItem = z.infer<typeof CorpusItem>;

/** A corpus line that is not JSON or not a corpus item, named by its source and line number. */
export class CorpusError extends Error {
  override name = "CorpusError";
}

/** The items of a corpus in JSON Lines (blank lines skipped); `source` names it in errors. */
export function parseCorpus(jsonl: string, source: string): CorpusItem[] {
  return jsonl
    .split("\n")
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new CorpusError(`${source}:${number}: not JSON (one corpus item per line, GUIDE.md format)`);
      }
      const parsed = CorpusItem.safeParse(json);
      if (!parsed.success)
        throw new CorpusError(`${source}:${number}: not a corpus item\n${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}
