import { argv, exit } from "node:process";

/** One module per command, loaded on demand so a command pays only for what it uses. */
const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  classify: () => import("./classify"),
  eval: () => import("./eval"),
  bench: () => import("./bench"),
  obligations: () => import("./obligations"),
};

const usage = `Usage: sentinella <command> [options]
Commands:
  classify --entity <id> [--platform facebook] [--kind comment] [--post "…"] [--election-period] [--json] "text"
  classify --jsonl < items.jsonl
  eval <corpus.jsonl> [--json]
  bench [--json] [--corpus <corpus.jsonl>]
  obligations list [--limit <n>] [--json]
  obligations close <itemKey>`;

const [name, ...rest] = argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  console.error(usage);
  exit(name === undefined || name === "--help" ? 0 : 2);
} else {
  try {
    exit(await (await load()).run(rest));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    exit(1);
  }
}
