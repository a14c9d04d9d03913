import { argv, exit, stderr } from "node:process";
import { errorColors as pc } from "@sentinella/local/terminal";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { UsageError } from "./errors";
import { version } from "./version";

/**
 * `sentinella`: every command is declared here (name, options, help, examples); its work lives in its own module,
 * loaded only when it runs, so a command pays only for what it uses. Exit codes: 0 success, 1 the work failed,
 * 2 a usage error. Results go to stdout, diagnostics to stderr.
 */
const program = new Command("sentinella")
  .description(
    "Sentinella, moderation of the social channels of Italian public bodies: classify, evaluate, follow replies",
  )
  .version(version, "-V, --version", "print the version")
  .helpOption("-h, --help", "show help")
  .helpCommand("help [command]", "show help for a command")
  .showHelpAfterError("(add --help for usage)")
  .configureOutput({ writeErr: (text) => stderr.write(text), outputError: (text, write) => write(pc.red(text)) })
  .exitOverride();

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
const choices = (flags: string, description: string, values: readonly string[], fallback: string) =>
  new Option(flags, description).choices(values).default(fallback);

program
  .command("classify")
  .description("classify one text with an entity's policy, or a corpus read from stdin (--jsonl)")
  .argument("[text]", "the comment to classify")
  .option("-e, --entity <id>", "entity whose policy applies (e.g. comune-cento)")
  .addOption(
    choices("--platform <platform>", "platform", ["facebook", "instagram", "x", "youtube", "linkedin"], "facebook"),
  )
  .addOption(choices("--kind <kind>", "kind of item", ["comment", "reply", "message", "mention"], "comment"))
  .option("--post <text>", "text of the post the comment answers")
  .option("--election-period", "treat the item as posted during an election period")
  .option("--json", "print the whole decision as JSON")
  .option("--jsonl", "read corpus lines from stdin, write one decision line per item")
  .addHelpText(
    "after",
    examples(
      'sentinella classify --entity comune-cento "Quando riapre la biblioteca?"',
      'sentinella classify --entity provincia-piacenza --platform instagram --json "Scrivetemi al 333 1234567"',
      "sentinella classify --jsonl < items.jsonl",
    ),
  )
  .action(async (text, options) => (await import("./classify")).classifyCommand(text, options));

program
  .command("eval")
  .description("quality figures of the classifier over a labelled corpus (default: the shipped sample corpus)")
  .argument("[corpus]", "corpus file in JSON Lines (GUIDE.md format)")
  .option("--json", "print the report as JSON")
  .option("--mismatches", "list every item whose actions or categories differ from its label")
  .option("--suites", "run the generated functional suites instead of a corpus: pass rates per functionality")
  .option("--category <suites>", "with --suites: only these suites (hate, threat, insult, emergency, spam, …)")
  .option("--seed <seed>", "with --suites: generate the cases from another seed")
  .option("--failures", "with --suites: list every case that does not behave as the guide expects")
  .option("--jsonl", "with --suites: print the generated cases as corpus lines instead of scoring them")
  .addHelpText(
    "after",
    examples(
      "sentinella eval",
      "sentinella eval packages/policy/eval/holdout.jsonl --mismatches",
      "sentinella eval --suites",
      "sentinella eval --suites --category threat --json",
      "sentinella eval --suites --jsonl > suites.jsonl && sentinella diff suites.jsonl --against engine-2",
    ),
  )
  .action(async (corpus, options) =>
    options.suites
      ? (await import("./suites")).suitesCommand(corpus, options)
      : (await import("./eval")).evalCommand(corpus, options),
  );

program
  .command("diff")
  .description("the items whose decision (actions, categories) changes between another engine and this one")
  .argument("[corpus]", "corpus file in JSON Lines (default: the shipped sample corpus)")
  .requiredOption("--against <ref>", "a git ref (commit, branch, tag) or an engine version (CLASSIFIER_VERSION)")
  .option("--json", "print the comparison as JSON")
  .addHelpText(
    "after",
    examples(
      "sentinella diff --against HEAD~5",
      "sentinella diff packages/policy/eval/holdout.jsonl --against engine-2",
      "sentinella diff packages/policy/eval/practice-1.jsonl --against main --json",
    ),
  )
  .action(async (corpus, options) => (await import("./diff")).diffCommand(corpus, options));

program
  .command("bench")
  .description("classifier throughput and latency on one core, next to a keyword-blocklist baseline")
  .option("--corpus <file>", "corpus to repeat (default: the shipped sample corpus)")
  .option("--json", "print the figures as JSON")
  .addHelpText(
    "after",
    examples("sentinella bench", "sentinella bench --corpus packages/policy/eval/holdout.jsonl --json"),
  )
  .action(async (options) => (await import("./bench")).benchCommand(options));

program
  .command("replay")
  .description("what a policy would change over an entity's stored items of a period, without acting (in Italian)")
  .requiredOption("--entity <id>", "the entity, e.g. comune-cento")
  .requiredOption("--from <date>", "first day, YYYY-MM-DD (UTC)")
  .requiredOption("--to <date>", "last day, YYYY-MM-DD (UTC)")
  .option("--policy <file>", "a draft policy document (JSON) instead of the entity's current policy")
  .option("--json", "print the report as JSON")
  .addHelpText(
    "after",
    `\nOnly items whose full text is still retained are replayed, with the installed engine; the console's replay page does the same.\n${examples(
      "sentinella replay --entity comune-cento --from 2026-11-01 --to 2026-11-30",
      "sentinella replay --entity comune-cento --from 2026-11-01 --to 2026-11-30 --policy draft.json --json",
    )}`,
  )
  .action(async (options) => (await import("./replay")).replayCommand(options));

const obligations = program
  .command("obligations")
  .description("reply obligations of the 48-hour rule (output in Italian, for staff)")
  .addHelpText(
    "after",
    "\nAgainst the running `npm start` (local mode), or AWS when AWS_REGION and credentials are set.\n",
  );
obligations
  .command("list")
  .description("open reply obligations, due soonest first")
  .option("-n, --limit <n>", "at most n obligations", positiveInteger)
  .option("--json", "print the obligations as JSON")
  .addHelpText("after", examples("sentinella obligations list", "sentinella obligations list --limit 20 --json"))
  .action(async (options) => (await import("./obligations")).listCommand(options));
obligations
  .command("close")
  .description("staff answered elsewhere: close a reply obligation")
  .argument("<item>", "the item's key, or its platform id as `obligations list` shows it")
  .addHelpText("after", examples("sentinella obligations close 1001_2002"))
  .action(async (item) => (await import("./obligations")).closeCommand(item));

const audit = program
  .command("audit")
  .description("the decision table for auditors: table, --json or --csv (Italian spreadsheet CSV by default)")
  .addHelpText(
    "after",
    "\nAgainst the running `npm start` (local mode), or AWS when AWS_REGION and credentials are set.\n" +
      "Every subcommand is a paginated Query on the table's keys or indexes, never a Scan.\n" +
      "CSV columns: packages/audit/README.md.\n",
  );
/** The options every audit listing takes: its period, and how to print it. */
const auditListing = (command: Command, withPeriod = true) => {
  if (withPeriod)
    command
      .option("--month <YYYY-MM>", "a calendar month in Rome time")
      .option("--from <date>", "from this instant (ISO date or time), inclusive")
      .option("--to <date>", "up to this instant (ISO date or time), inclusive");
  return command
    .option("--json", "print the records as JSON")
    .option("--csv", "print a CSV file (UTF-8 with BOM; with --locale it: `;` separator, `,` decimals)")
    .addOption(choices("--locale <locale>", "how the CSV writes separators, decimals and dates", ["it", "en"], "it"));
};
const entityOption = (command: Command) =>
  command.requiredOption("-e, --entity <id>", "the entity (e.g. comune-cento)");
const runAudit = async (query: import("./audit").AuditQuery, options: import("./audit").AuditOptions) =>
  (await import("./audit")).auditCommand(query, options);
auditListing(
  audit
    .command("item")
    .description("an item's history: every automatic decision and staff record on it")
    .argument(
      "<item>",
      "the item's key (platform#account#item) or a decision's reference (riferimento in --csv and --json)",
      itemKeyArgument,
    ),
  false,
)
  .addHelpText(
    "after",
    examples(
      "sentinella audit item facebook#fb-comune-cento#1001_2002",
      "sentinella audit item facebook#fb-comune-cento#1001_2002#created#0 --json",
    ),
  )
  .action((item, options) => runAudit({ by: "item", itemKey: item }, options));
auditListing(entityOption(audit.command("entity").description("an entity's automatic decisions in a period")))
  .addHelpText(
    "after",
    examples(
      "sentinella audit entity --entity comune-cento --month 2026-11",
      "sentinella audit entity --entity comune-cento --month 2026-11 --csv > decisioni-2026-11.csv",
    ),
  )
  .action((options) => runAudit({ by: "entity", entityId: options.entity }, options));
auditListing(
  entityOption(audit.command("action").description("an entity's automatic decisions that took one action")).addOption(
    new Option("--action <action>", "the action")
      .choices(["allow", "hide", "review", "reply", "escalate"])
      .makeOptionMandatory(),
  ),
)
  .addHelpText("after", examples("sentinella audit action --entity comune-cento --action hide --month 2026-11"))
  .action((options) => runAudit({ by: "action", entityId: options.entity, action: options.action }, options));
auditListing(
  entityOption(audit.command("category").description("an entity's automatic decisions that found one category")),
)
  .requiredOption("--category <category>", "the category (insult, threat, hate, pii, spam, emergency, …)")
  .addHelpText("after", examples("sentinella audit category --entity comune-cento --category threat --csv"))
  .action(async (options) => {
    const { Category } = await import("@sentinella/core");
    const category = Category.safeParse(options.category);
    if (!category.success)
      throw new UsageError(`--category: una tra ${Category.options.join(", ")}, non "${options.category}".`);
    return runAudit({ by: "category", entityId: options.entity, category: category.data }, options);
  });
auditListing(entityOption(audit.command("author").description("one author's automatic decisions within an entity")))
  .requiredOption("--author <id>", "the author's platform id")
  .addHelpText("after", examples("sentinella audit author --entity comune-cento --author 4242 --json"))
  .action((options) => runAudit({ by: "author", entityId: options.entity, authorId: options.author }, options));
auditListing(entityOption(audit.command("staff").description("an entity's staff decisions (console and platform)")))
  .addHelpText("after", examples("sentinella audit staff --entity comune-cento --month 2026-11 --csv"))
  .action((options) => runAudit({ by: "staff", entityId: options.entity }, options));

const subject = program
  .command("subject")
  .description("a data subject's rights: access to and erasure of one author's data (GDPR art. 15, 17; in Italian)")
  .addHelpText(
    "after",
    "\nAgainst the running `npm start` (local mode), or AWS when AWS_REGION and credentials are set.\n" +
      "Only Queries on the tables' keys and indexes, never a Scan. What is kept and erased: packages/audit/README.md.\n",
  );
const subjectOptions = (command: Command) =>
  entityOption(command).requiredOption("--author <id>", "the author's platform id, as the audit listings show it");
subjectOptions(subject.command("export").description("everything held about one author within an entity"))
  .option("--json", "print every record as stored, with the full text while it is kept")
  .option("--csv", "print one CSV table of every record (UTF-8 with BOM; with --locale it: `;` separator)")
  .addOption(choices("--locale <locale>", "how the CSV writes separators and dates", ["it", "en"], "it"))
  .addHelpText(
    "after",
    examples(
      "sentinella subject export --entity comune-cento --author 4242",
      "sentinella subject export --entity comune-cento --author 4242 --csv > accesso-4242.csv",
      "sentinella subject export --entity comune-cento --author 4242 --json > accesso-4242.json",
    ),
  )
  .action(async (options) => (await import("./subject")).exportCommand(options));
subjectOptions(
  subject
    .command("erase")
    .description("remove or pseudonymise one author's personal data everywhere, keeping the anonymous decisions"),
)
  .option("--reason <text>", "the request's reference, e.g. its protocol number (never the person's name)")
  .option("--by <name>", "who carries out the erasure (default: the system user)")
  .addHelpText(
    "after",
    `\nIdempotent: a second run finds nothing and writes nothing. Writes an erasure record without personal data.\n${examples(
      'sentinella subject erase --entity comune-cento --author 4242 --reason "prot. 1234/2026"',
    )}`,
  )
  .action(async (options) => (await import("./subject")).eraseCommand(options));
entityOption(subject.command("erasures").description("an entity's erasure records: when, by whom, why, how many rows"))
  .option("--json", "print the records as JSON")
  .addHelpText("after", examples("sentinella subject erasures --entity comune-cento"))
  .action(async (options) => (await import("./subject")).erasuresCommand(options));

program
  .command("report")
  .description("an entity's monthly transparency report (HTML with charts, in Italian, no personal data)")
  .requiredOption("-e, --entity <id>", "the entity (e.g. comune-cento)")
  .requiredOption("--month <YYYY-MM>", "the calendar month, in Rome time")
  .option("-o, --out <file>", "write the report to this file instead of stdout (a .png name gets the PNG)")
  .option("--png <file>", "also render the report in headless Chromium to a full-page PNG")
  .addHelpText(
    "after",
    examples(
      "sentinella report --entity comune-cento --month 2026-11 --out trasparenza-2026-11.html",
      "sentinella report --entity comune-cento --month 2026-11 --out trasparenza-2026-11.html --png trasparenza.png",
      "sentinella report --entity comune-cento --month 2026-11 > report.html",
    ),
  )
  .action(async (options) => (await import("./report")).reportCommand(options));

program
  .command("statement")
  .description("the statement of reasons (DSA art. 17) of a decision that hid an item, in Italian")
  .argument("<reference>", "the decision's reference (riferimento) or the item's key", keyArgument)
  .option("--html", "print it as a printable HTML page")
  .addHelpText(
    "after",
    examples(
      "sentinella statement facebook#fb-comune-cento#1001_2002",
      "sentinella statement facebook#fb-comune-cento#1001_2002#created#0 --html > motivazione.html",
    ),
  )
  .action(async (reference, options) => (await import("./statement")).statementCommand(reference, options));

const accounts = program
  .command("accounts")
  .description("the deployed platform accounts (output in Italian, for staff)")
  .addHelpText(
    "after",
    "\nAgainst the running `npm start` (local mode: its sandboxes), or AWS when ENTITY_DEPLOYMENTS and the secrets'\n" +
      "ARNs (META_SECRET_ARN, X_SECRET_ARN, LINKEDIN_SECRET_ARN, YOUTUBE_SECRET_ARN) are set as in the functions.\n",
  );
accounts
  .command("check")
  .description(
    "per account: token valid and until when, renewable or not, the platform's word on it, how items arrive, quota left",
  )
  .option("--json", "print the accounts as JSON")
  .addHelpText(
    "after",
    `\nExit code 1 when a token is missing, expired, refused or lapses within 7 days without renewal.\n${examples(
      "sentinella accounts check",
      "sentinella accounts check --json",
    )}`,
  )
  .action(async (options) => (await import("./accounts")).checkCommand(options));

const dlq = program
  .command("dlq")
  .description("the item queue's dead-letter queue: messages the classifier could not handle (in Italian, for staff)")
  .addHelpText(
    "after",
    "\nAgainst the running `npm start` (local mode), or AWS when ITEM_QUEUE_URL and ITEM_DLQ_URL are set\n" +
      "(outputs ItemQueueUrl and DeadLetterQueueUrl of the SentinellaStateful stack). A throttle or an outage\n" +
      "never sends an item here (it is parked): what is here failed for another reason, a bug or a bad deploy.\n",
  );
dlq
  .command("list")
  .description(
    "every message in the DLQ, oldest first: id, platform, entity, item, receives, age, and why (the error the classifier gave up with; never the text)",
  )
  .option("--json", "print the messages as JSON")
  .addHelpText("after", examples("sentinella dlq list", "sentinella dlq list --json"))
  .action(async (options) => (await import("./dlq")).listCommand(options));
dlq
  .command("show")
  .description("one message whole, its content included (it may hold personal data)")
  .argument("<id>", "the message id, as `dlq list` shows it")
  .option("--json", "print the message as JSON")
  .addHelpText("after", examples("sentinella dlq show 3f1c9a2e-5b7d-4e8f-9a10-2b3c4d5e6f70"))
  .action(async (id, options) => (await import("./dlq")).showCommand(id, options));
dlq
  .command("redrive")
  .description("once the cause is fixed, move messages back to the item queue: they are decided once, as any item")
  .argument("[ids...]", "the message ids, as `dlq list` shows them")
  .option("--all", "every message whose content is a valid item")
  .addHelpText(
    "after",
    examples("sentinella dlq redrive 3f1c9a2e-5b7d-4e8f-9a10-2b3c4d5e6f70", "sentinella dlq redrive --all"),
  )
  .action(async (ids, options) => (await import("./dlq")).redriveCommand(ids, options));

/**
 * An item's key or a decision's reference, both `platform#account#item…`: a bare platform id, as the tables show
 * it, names no item across accounts and platforms, so it is refused with where to find the key.
 */
function keyArgument(value: string): string {
  if (value.split("#").length < 3) {
    throw new InvalidArgumentError(
      "expected platform#account#item (e.g. facebook#fb-comune-cento#1001_2002): the riferimento column of " +
        "`sentinella audit … --csv` or `--json` gives it.",
    );
  }
  return value;
}

/** An item's key, from the key itself or from a decision's reference (the key, then #event#version). */
function itemKeyArgument(value: string): string {
  return keyArgument(value).split("#").slice(0, 3).join("#");
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number.");
  return n;
}

try {
  await program.parseAsync(argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and --version are successes; everything commander refuses is a usage error.
    exit(error.exitCode === 0 ? 0 : 2);
  }
  stderr.write(`${pc.red(error instanceof Error ? error.message : String(error))}\n`);
  exit(error instanceof UsageError ? 2 : 1);
}
