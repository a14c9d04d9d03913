import * as z from "zod";
import { ENTRY_LANGS, type LexiconEntry, SCRIPT_LANGS } from "./analysis";

/**
 * The lexicon file format (packages/policy/lexicons/README.md): `words | strength | lang | source | tags`.
 * Parsed by the build script that writes the generated extract, and by the test that checks it is current;
 * the engine itself loads the generated extract and never parses these files at run time.
 */

export const SOURCES = ["team", "ldnoobw", "badwords", "napolux", "mhc-slr"] as const;

const Word = z
  .string()
  .regex(/^=?[a-z][a-z']*$|^=?[a-z]+'$/, "a word is lower-case letters a-z, an optional apostrophe, `=` for exact");

/** A word of an entry in a script not folded to Latin letters (Arabic, Cyrillic, Han…): letters as written. */
const ScriptWord = z.string().regex(/^[^\s|#a-zA-Z]+$/u, "a word in a non-Latin script has no Latin letters");

const Line = z
  .object({
    words: z.array(z.string()).min(1).max(6),
    strength: z.enum(["strong", "medium", "mild", "neutral"]),
    lang: z.enum(ENTRY_LANGS),
    source: z.enum(SOURCES),
    tags: z.array(z.string().regex(/^[a-z]+(?:=[a-z0-9/'=|]+)?$/, "a tag is `key` or `key=value`")),
  })
  .superRefine((line, ctx) => {
    const schema = SCRIPT_LANGS.has(line.lang) ? ScriptWord : Word;
    for (const word of line.words) {
      const checked = schema.safeParse(word);
      if (!checked.success) ctx.addIssue({ code: "custom", message: `${word}: ${checked.error.issues[0]?.message}` });
    }
  });

export class LexiconFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "LexiconFileError";
  }
}

/** Entries of one lexicon file; `cls` is the file name without `.txt`. */
export function parseLexiconFile(cls: string, source: string): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of source.split("\n").entries()) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const fields = line.split("|").map((f) => f.trim());
    if (fields.length < 4 || fields.length > 5)
      throw new LexiconFileError(cls, i + 1, "expected `words | strength | lang | source | tags?`");
    const [text = "", strength, lang, src, tags = ""] = fields;
    const parsed = Line.safeParse({
      words: text.split(/\s+/).filter(Boolean),
      strength,
      lang,
      source: src,
      tags: tags === "" ? [] : tags.split(",").map((t) => t.trim()),
    });
    if (!parsed.success) throw new LexiconFileError(cls, i + 1, z.prettifyError(parsed.error));
    const key = `${parsed.data.lang}:${parsed.data.words.join(" ")}`;
    if (seen.has(key)) throw new LexiconFileError(cls, i + 1, `duplicate entry "${text}"`);
    seen.add(key);
    entries.push({ cls, text: parsed.data.words.join(" "), ...parsed.data });
  }
  return entries;
}

/** The value of `key=value` among an entry's tags. */
export const tagValue = (entry: Pick<LexiconEntry, "tags">, key: string): string | undefined =>
  entry.tags.find((t) => t.startsWith(`${key}=`))?.slice(key.length + 1);
