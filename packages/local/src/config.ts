import { readFile } from "node:fs/promises";
import { AlertRoute } from "@sentinella/alerts";
import { EntityDeployment } from "@sentinella/core";
import { policies } from "@sentinella/policy";
import { findNodeAtLocation, getNodeValue, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import * as z from "zod";

/**
 * `npm start -- --config sentinella.local.json`: which entities run locally, with which platform accounts (the
 * body's real page ids, to replay webhooks captured from the platforms), in which mode, and where their alerts go.
 * Without a file, the five sample entities run with invented accounts (`localDeployments`).
 */
export const LocalConfig = z.object({
  entities: z
    .array(
      EntityDeployment.extend({
        entityId: z.enum(policies.map((policy) => policy.id) as [string, ...string[]]),
        alerts: AlertRoute.optional(),
      }),
    )
    .min(1),
});
export type LocalConfig = z.infer<typeof LocalConfig>;

export class LocalConfigError extends Error {
  override name = "LocalConfigError";
}

/** 1-based line and column of an offset in the file's text. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Parses the file (comments allowed), reporting every problem at its line and column. */
export function parseLocalConfig(text: string, file: string): LocalConfig {
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { allowTrailingComma: true });
  if (syntax.length > 0 || !tree) {
    const lines = syntax.map((e) => `${file}:${position(text, e.offset)}: ${printParseErrorCode(e.error)}`);
    throw new LocalConfigError(lines.join("\n") || `${file}: empty`);
  }
  const parsed = LocalConfig.safeParse(getNodeValue(tree));
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    // The deepest node of the path that exists in the file: a missing key is reported at its object.
    let path = issue.path as (string | number)[];
    let node = findNodeAtLocation(tree, path);
    while (!node && path.length > 0) {
      path = path.slice(0, -1);
      node = findNodeAtLocation(tree, path);
    }
    const where = node ? position(text, node.offset) : "1:1";
    return `${file}:${where}: ${issue.path.join(".") || "(file)"}: ${issue.message}`;
  });
  throw new LocalConfigError(lines.join("\n"));
}

export async function readLocalConfig(file: string): Promise<LocalConfig> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new LocalConfigError(`${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  return parseLocalConfig(text, file);
}

export const deploymentsOf = (config: LocalConfig): EntityDeployment[] =>
  config.entities.map(({ alerts: _alerts, ...deployment }) => deployment);

export const alertRoutesOf = (config: LocalConfig) =>
  Object.fromEntries(config.entities.flatMap((e) => (e.alerts ? [[e.entityId, e.alerts] as const] : [])));
