/**
 * Functional test suites: templates × lists × perturbations, generated deterministically from the data files in
 * this folder (`lists.json`, `suites/*.json`). Each functionality is one line of behaviour with two sides: the
 * violating one and its contrast (the same shape that must not be treated the same way). See README.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Category, type ItemKind, type Platform } from "@sentinella/core";
import * as z from "zod";
import { type Expectation, parseExpectation } from "./expectation";
import {
  breakCheckLetter,
  breakIbanCheck,
  randomCodiceFiscale,
  randomIban,
  randomMobile,
  randomNumber,
  randomPlate,
} from "./identifiers";
import { PERTURBATIONS, perturbText } from "./perturb";
import { type Random, seeded } from "./random";

export const DEFAULT_SEED = "sentinella-functional-1";
const here = import.meta.dirname;

export type Side = "violating" | "contrast";

export interface SuiteCase {
  /** `<functionality>/<v|c>/<n>`: stable for a given seed and data. */
  id: string;
  suite: string;
  functionality: string;
  /** For a spelling variation: the functionality whose cases were perturbed. */
  base?: string;
  side: Side;
  /** Hate suite only: whether the case is hate speech (the summary figures count on this). */
  hateful?: boolean;
  text: string;
  entity: string;
  platform: Platform;
  kind: ItemKind;
  post: string;
  context: { election_period: boolean };
  expect: Expectation;
}

export interface Functionality {
  id: string;
  suite: string;
  description: string;
  base?: string;
}

// ---- data files ----------------------------------------------------------------------------------------------

const Value = z.union([z.string(), z.record(z.string(), z.string())]);
type Value = z.infer<typeof Value>;

const ListsFile = z.object({
  entities: z.record(
    z.string(),
    z.object({
      place: z.string(),
      posts: z.array(z.string()).min(1),
      /** The entity's own published contacts and sites: a slot found here is drawn only for this entity. */
      lists: z.record(z.string(), z.array(Value).min(1)).default({}),
    }),
  ),
  lists: z.record(z.string(), z.array(Value).min(1)),
});

const SideSpec = z.object({
  expect: z.string(),
  templates: z.array(z.string()).min(1).optional(),
  /** Slot name → list name, e.g. the contrast binds V to the benign verbs instead of the violent ones. */
  bind: z.record(z.string(), z.string()).optional(),
  hateful: z.boolean().optional(),
  kind: z.enum(["comment", "reply", "message", "mention"]).optional(),
  platform: z.enum(["facebook", "instagram", "x", "youtube", "linkedin"]).optional(),
  election_period: z.boolean().optional(),
  post: z.string().optional(),
});
type SideSpec = z.infer<typeof SideSpec>;

const FunctionalitySpec = z.object({
  id: z.string().regex(/^[a-z_]+(\.[a-z_0-9]+)+$/),
  description: z.string(),
  /** Every value of this slot is used (coverage of every group, every target…); other slots are sampled. */
  per: z.string().optional(),
  /** Cases per template (per value of `per`), before removing duplicates. */
  samples: z.number().int().positive().default(1),
  violating: SideSpec,
  contrast: SideSpec,
});

const SuiteFile = z.object({
  suite: z.string(),
  description: z.string(),
  functionalities: z.array(FunctionalitySpec).min(1),
  perturbations: z
    .array(
      z.object({
        id: z.string(),
        description: z.string(),
        kind: z.enum(PERTURBATIONS),
        of: z.array(z.string()).min(1),
        /** At most this many perturbed cases per base functionality and side. */
        max: z.number().int().positive().default(30),
      }),
    )
    .default([]),
});
type SuiteFile = z.infer<typeof SuiteFile>;

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

export function loadSuiteFiles(dir = here): { lists: z.infer<typeof ListsFile>; suites: SuiteFile[] } {
  const lists = ListsFile.parse(readJson(join(dir, "lists.json")));
  const suites = readdirSync(join(dir, "suites"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const parsed = SuiteFile.safeParse(readJson(join(dir, "suites", f)));
      if (!parsed.success) throw new Error(`suites/${f}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
  return { lists, suites };
}

// ---- rendering -------------------------------------------------------------------------------------------------

/** A slot value lacks the field a template asks for: draw other values. */
class Missing extends Error {}

const SLOT = /\{([*^]*)([A-Z$][A-Z0-9_]*)(?:\.([a-z_0-9]+))?\}/g;
const START = "\u0001";
const END = "\u0002";

// Articulated prepositions of the definite articles (di + gli = degli …).
const PREPOSITIONS: Record<string, Record<string, string>> = {
  di: { il: "del", lo: "dello", "l'": "dell'", la: "della", i: "dei", gli: "degli", le: "delle" },
  a: { il: "al", lo: "allo", "l'": "all'", la: "alla", i: "ai", gli: "agli", le: "alle" },
  da: { il: "dal", lo: "dallo", "l'": "dall'", la: "dalla", i: "dai", gli: "dagli", le: "dalle" },
  in: { il: "nel", lo: "nello", "l'": "nell'", la: "nella", i: "nei", gli: "negli", le: "nelle" },
  su: { il: "sul", lo: "sullo", "l'": "sull'", la: "sulla", i: "sui", gli: "sugli", le: "sulle" },
};
// Words that agree with a noun phrase, by its gender and number (m, f, mpl, fpl).
const AGREEMENT: Record<string, Record<string, string>> = {
  tutti: { m: "tutto", f: "tutta", mpl: "tutti", fpl: "tutte" },
  li: { m: "lo", f: "la", mpl: "li", fpl: "le" },
  gli: { m: "gli", f: "le", mpl: "gli", fpl: "gli" },
  questi: { m: "questo", f: "questa", mpl: "questi", fpl: "queste" },
  quelli: { m: "quello", f: "quella", mpl: "quelli", fpl: "quelle" },
};
const join2 = (article: string, word: string) => (article.endsWith("'") ? article + word : `${article} ${word}`);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface RenderContext {
  random: Random;
  lists: Record<string, Value[]>;
  entityLists: Record<string, Value[]>;
  /** Lists that only some entities have (their own contacts). */
  entityOnly: ReadonlySet<string>;
  bind: Record<string, string>;
  bindings: Map<string, Value>;
  /** The slot whose gender and number agreeing words follow. */
  agree: readonly string[];
  place: string;
  fixed: Map<string, Value>;
}

const GENERATED: Record<string, (random: Random, lists: Record<string, Value[]>) => string> = {
  $CF: (r, l) => randomCodiceFiscale(r, strings(l, "SURNAME"), strings(l, "FIRSTNAME")),
  $CF_BAD: (r, l) => breakCheckLetter(randomCodiceFiscale(r, strings(l, "SURNAME"), strings(l, "FIRSTNAME"))),
  $IBAN: (r) => randomIban(r),
  $IBAN_BAD: (r) => breakIbanCheck(randomIban(r)),
  $MOBILE: (r) => randomMobile(r),
  $PLATE: (r) => randomPlate(r),
  $HOUSE: (r) => String(randomNumber(r, 1, 180)),
  $N: (r) => String(randomNumber(r, 1200, 48000)),
  $YEAR: (r) => String(randomNumber(r, 2023, 2026)),
  $AMOUNT: (r) => String(randomNumber(r, 2, 60) * 50),
  $AGE: (r) => String(randomNumber(r, 4, 16)),
};

function strings(lists: Record<string, Value[]>, name: string): string[] {
  const values = lists[name];
  if (!values) throw new Error(`lists.json has no list ${name}`);
  return values.map((v) => (typeof v === "string" ? v : (v.text ?? "")));
}

function slotValue(name: string, ctx: RenderContext): Value {
  const bound = ctx.bindings.get(name);
  if (bound !== undefined) return bound;
  let value: Value;
  if (name === "PLACE") value = ctx.place;
  else if (name.startsWith("$")) {
    const generate = GENERATED[name];
    if (!generate) throw new Error(`unknown generated slot ${name}`);
    value = generate(ctx.random, ctx.lists);
  } else {
    value = ctx.fixed.get(name) ?? ctx.random.pick(listOf(name, ctx));
  }
  ctx.bindings.set(name, value);
  return value;
}

function listOf(name: string, ctx: RenderContext): Value[] {
  const listName = ctx.bind[name] ?? name;
  const list = ctx.entityLists[listName] ?? ctx.lists[listName];
  if (!list) {
    if (ctx.entityOnly.has(listName)) throw new Missing();
    throw new Error(`no list ${listName} in lists.json (slot {${name}})`);
  }
  return list;
}

/** Gender and number of the agreement controller (e.g. "fpl" for "le donne"). */
function agreement(ctx: RenderContext): string {
  for (const name of ctx.agree) {
    const value = ctx.bindings.get(name);
    if (value && typeof value !== "string" && value.g) return value.g;
  }
  throw new Missing();
}

function field(value: Value, name: string | undefined, ctx: RenderContext): string {
  if (typeof value === "string") {
    if (name === undefined) return value;
    throw new Missing();
  }
  if (name !== undefined && value[name] !== undefined) return value[name];
  const text = value.text ?? (value.art !== undefined && value.bare ? join2(value.art, value.bare) : undefined);
  if (name === undefined) {
    if (text !== undefined) return text;
    const agreeing = value[agreement(ctx)];
    if (agreeing === undefined) throw new Missing();
    return agreeing;
  }
  const preposition = PREPOSITIONS[name];
  if (preposition && text !== undefined) {
    const contracted = value.art !== undefined ? preposition[value.art] : undefined;
    return contracted && value.bare ? join2(contracted, value.bare) : `${name} ${text}`;
  }
  const agreeing = AGREEMENT[name];
  if (agreeing && value.g) return agreeing[value.g] ?? "";
  throw new Missing();
}

function expand(template: string, ctx: RenderContext, depth = 0): string {
  if (depth > 4) throw new Error(`slots nested too deep in "${template}"`);
  return template.replace(SLOT, (_all, flags: string, name: string, fieldName: string | undefined) => {
    let text = expand(field(slotValue(name, ctx), fieldName, ctx), ctx, depth + 1);
    if (flags.includes("^")) text = capitalise(text);
    return flags.includes("*") ? `${START}${text}${END}` : text;
  });
}

/** The text with its salient spans (the starred slots), markers removed. */
function withSpans(marked: string): { text: string; spans: [number, number][] } {
  const spans: [number, number][] = [];
  let text = "";
  let open = -1;
  for (const c of marked) {
    if (c === START) open = text.length;
    else if (c === END) {
      if (open >= 0) spans.push([open, text.length]);
      open = -1;
    } else text += c;
  }
  return { text, spans };
}

// ---- generation ------------------------------------------------------------------------------------------------

const PLATFORMS: Platform[] = ["facebook", "instagram", "x", "youtube", "linkedin"];
const CATEGORIES = new Set<string>(Category.options);

interface Generated extends SuiteCase {
  spans: [number, number][];
}

function slotNames(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[2] as string);
}

function generateSide(
  suite: string,
  spec: z.infer<typeof FunctionalitySpec>,
  side: Side,
  lists: z.infer<typeof ListsFile>,
  seed: string,
): Generated[] {
  const sideSpec: SideSpec = spec[side];
  const templates = sideSpec.templates ?? spec.violating.templates;
  if (!templates) throw new Error(`${spec.id}: the violating side needs templates`);
  const expect = parseExpectation(sideSpec.expect, CATEGORIES);
  const random = seeded(`${seed}|${spec.id}|${side}`);
  const entities = Object.keys(lists.entities);
  const entityOnly = new Set(Object.values(lists.entities).flatMap((e) => Object.keys(e.lists)));
  const bind = { ...(side === "contrast" ? spec.violating.bind : {}), ...sideSpec.bind };
  const out: Generated[] = [];
  const seen = new Set<string>();
  for (const template of templates) {
    // The `per` slot may be reached through another slot's value (a verb phrase holding {G}), so it is always
    // iterated; a template that never uses it just yields its other samples.
    const perValues: (Value | undefined)[] = spec.per ? (lists.lists[bind[spec.per] ?? spec.per] ?? []) : [undefined];
    for (const perValue of perValues) {
      for (let sample = 0; sample < spec.samples; sample++) {
        const fixed = new Map<string, Value>();
        if (spec.per && perValue !== undefined) fixed.set(spec.per, perValue);
        let rendered: { text: string; spans: [number, number][] } | undefined;
        let post = "";
        let entity = "";
        for (let attempt = 0; attempt < 25 && !rendered; attempt++) {
          // Drawn anew on each attempt: a template quoting an entity's own contact needs an entity that has one.
          entity = random.pick(entities);
          const entityData = lists.entities[entity] as z.infer<typeof ListsFile>["entities"][string];
          const ctx: RenderContext = {
            random,
            lists: lists.lists,
            entityLists: entityData.lists,
            entityOnly,
            bind,
            bindings: new Map(),
            agree: ["G", "NP", "T", "ONE", "P", "ADMIN"],
            place: entityData.place,
            fixed,
          };
          try {
            // Bind the agreement controllers first, so words agreeing with them can precede them.
            for (const name of ctx.agree) if (slotNames(template).includes(name)) slotValue(name, ctx);
            rendered = withSpans(expand(template, ctx));
            post = sideSpec.post ? expand(sideSpec.post, ctx) : random.pick(entityData.posts);
          } catch (error) {
            if (!(error instanceof Missing)) throw error;
          }
        }
        if (!rendered || seen.has(rendered.text)) continue;
        seen.add(rendered.text);
        const platform = sideSpec.platform ?? random.pick(PLATFORMS);
        out.push({
          id: "",
          suite,
          functionality: spec.id,
          side,
          ...(suite === "hate" ? { hateful: sideSpec.hateful ?? side === "violating" } : {}),
          text: rendered.text,
          entity,
          platform,
          kind: sideSpec.kind ?? (random.int(10) < 7 ? "comment" : "reply"),
          post,
          context: { election_period: sideSpec.election_period ?? false },
          expect,
          spans: rendered.spans,
        });
      }
    }
  }
  if (out.length === 0) throw new Error(`${spec.id}: the ${side} side generated no case`);
  return out;
}

function numbered(cases: Generated[], functionality: string, side: Side): SuiteCase[] {
  return cases.map(({ spans: _spans, ...c }, i) => ({
    ...c,
    id: `${functionality}/${side === "violating" ? "v" : "c"}/${String(i + 1).padStart(3, "0")}`,
  }));
}

/** The suites' names, from their files. */
export const suiteNames = (dir = here) => loadSuiteFiles(dir).suites.map((s) => s.suite);

export interface GenerateOptions {
  seed?: string;
  /** Only these suites (e.g. ["threat"]); all when absent. */
  suites?: readonly string[];
  dir?: string;
}

export function generateSuites(options: GenerateOptions = {}): {
  cases: SuiteCase[];
  functionalities: Functionality[];
} {
  const seed = options.seed ?? DEFAULT_SEED;
  const { lists, suites } = loadSuiteFiles(options.dir);
  const known = new Set(suites.map((s) => s.suite));
  for (const name of options.suites ?? [])
    if (!known.has(name)) throw new Error(`no suite "${name}" (suites: ${[...known].join(", ")})`);
  const cases: SuiteCase[] = [];
  const functionalities: Functionality[] = [];
  for (const file of suites) {
    if (options.suites && !options.suites.includes(file.suite)) continue;
    const bySide = new Map<string, Generated[]>();
    for (const spec of file.functionalities) {
      functionalities.push({ id: spec.id, suite: file.suite, description: spec.description });
      for (const side of ["violating", "contrast"] as const) {
        const generated = generateSide(file.suite, spec, side, lists, seed);
        bySide.set(`${spec.id}|${side}`, generated);
        cases.push(...numbered(generated, spec.id, side));
      }
    }
    for (const perturbation of file.perturbations) {
      functionalities.push({
        id: perturbation.id,
        suite: file.suite,
        description: perturbation.description,
        base: perturbation.of.join(", "),
      });
      for (const side of ["violating", "contrast"] as const) {
        const random = seeded(`${seed}|${perturbation.id}|${side}`);
        const perturbed: Generated[] = [];
        for (const base of perturbation.of) {
          const pool = bySide.get(`${base}|${side}`);
          if (!pool) throw new Error(`${perturbation.id}: no functionality ${base} in suite ${file.suite}`);
          const candidates = pool.filter((c) => c.spans.length > 0 || perturbation.kind === "nospace");
          for (const original of shuffled(candidates, random).slice(0, perturbation.max)) {
            const spans = original.spans.length ? original.spans : [[0, original.text.length] as [number, number]];
            const text = perturbText(original.text, spans, perturbation.kind, random);
            if (text !== original.text) perturbed.push({ ...original, functionality: perturbation.id, base, text });
          }
        }
        if (perturbed.length === 0) throw new Error(`${perturbation.id}: the ${side} side generated no case`);
        cases.push(...numbered(perturbed, perturbation.id, side));
      }
    }
  }
  return { cases, functionalities };
}

function shuffled<T>(values: readonly T[], random: Random): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
