import { existsSync } from "node:fs";
import { env, exit, stderr, stdout } from "node:process";
import Table from "cli-table3";
import { Command, InvalidArgumentError } from "commander";
import { createColors } from "picocolors";

/**
 * Colours only for a terminal, never with NO_COLOR (FORCE_COLOR forces them). picocolors' own detection also turns
 * them on whenever CI is set, which writes escape codes into piped output and log files.
 */
const wanted = (stream: { isTTY?: boolean }) => !("NO_COLOR" in env) && ("FORCE_COLOR" in env || stream.isTTY === true);
/** Colours for what goes to stdout. */
export const colors = createColors(wanted(stdout));
/** Colours for diagnostics on stderr. */
export const errorColors = createColors(wanted(stderr));

/** A table for the terminal (cli-table3), its own header colours off so that `colors` alone decides. */
export function table(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  options: { align?: ("left" | "right")[]; separateRows?: boolean; widths?: number[] } = {},
): string {
  const t = new Table({
    head: head.map((h) => colors.bold(h)),
    style: { head: [], border: [] },
    // Rules between rows only where cells span several lines.
    ...(options.separateRows ? {} : { chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" } }),
    ...(options.align ? { colAligns: options.align } : {}),
    ...(options.widths ? { colWidths: options.widths, wordWrap: true } : {}),
  });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

/**
 * The command line of an npm script (`npm start`, demo, soak, cost, bench:scheduler, bundle-sizes), with the CLI's
 * conventions: help and its examples on stdout with exit 0, a usage error on stderr with exit 2 (commander's own
 * default is 1, the code of a failure of the work).
 */
export function scriptCommand(usage: string): Command {
  return new Command(usage).exitOverride((error) => exit(error.exitCode === 0 ? 0 : 2));
}

/** An option's file argument, refused as a usage error when it does not exist. */
export function existingFile(path: string): string {
  if (!existsSync(path)) throw new InvalidArgumentError(`no such file: ${path}`);
  return path;
}
