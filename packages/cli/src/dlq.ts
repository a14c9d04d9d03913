import { stdout } from "node:process";
import { romeDateTime } from "@sentinella/audit";
import { type DeadLetter, SqsDeadLetters } from "@sentinella/aws";
import {
  type Clock,
  type DeliveryFailure,
  type Item,
  itemVersionKey,
  readItemBody,
  systemClock,
} from "@sentinella/core";
import { table } from "@sentinella/local/terminal";
import { withQueues } from "./backend";
import { CliError, UsageError } from "./errors";

/**
 * What `dlq list` says of a message: who it is about and why it is there, never its text (it may hold personal
 * data; `dlq show` prints it). `problem` is what the body itself shows wrong; `failure` is the error the classifier
 * gave up with (class, message, receives, time), which it stores with the message when it moves it there. A message
 * without one was moved by the queue's redrive policy (the function timed out or crashed on it, or could not reach
 * the dead-letter queue): the classifier's log names the error.
 */
export interface DeadLetterSummary {
  messageId: string;
  platform?: string;
  entityId?: string;
  itemVersionKey?: string;
  receiveCount: number;
  sentAt: string;
  ageSeconds: number;
  timesParked: number;
  problem?: string;
  failure?: DeliveryFailure;
}

const ownString = (json: unknown, key: string): string | undefined => {
  if (typeof json !== "object" || json === null || !Object.hasOwn(json, key)) return undefined;
  const value = (json as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
};

/** The body read as the classifier reads it: the Item, or what is wrong with it (schema paths only, no values). */
function readBody(
  body: string,
): { item: Item; problem?: undefined } | { item?: undefined; problem: string; json?: unknown } {
  const read = readItemBody(body);
  if ("item" in read) return { item: read.item };
  if (read.notJson) return { problem: "il corpo non è JSON" };
  const paths = read.failingPaths;
  return {
    problem: `non è un Item valido: ${paths.slice(0, 4).join(", ")}${paths.length > 4 ? ", …" : ""}`,
    json: read.json,
  };
}

export function summarise(letter: DeadLetter, now: Date): DeadLetterSummary {
  const read = readBody(letter.body);
  const json = read.item ?? ("json" in read ? read.json : undefined);
  return {
    messageId: letter.messageId,
    platform: ownString(json, "platform"),
    entityId: ownString(json, "entityId"),
    itemVersionKey: read.item && itemVersionKey(read.item),
    receiveCount: letter.receiveCount,
    sentAt: letter.sentAt.toISOString(),
    ageSeconds: Math.max(0, Math.round((now.getTime() - letter.sentAt.getTime()) / 1000)),
    timesParked: letter.parking?.times ?? 0,
    ...(read.problem && { problem: read.problem }),
    ...(letter.failure && { failure: letter.failure }),
  };
}

/** "45 s", "12 min", "3 h 5 min", "2 g 4 h". */
export function age(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} g ${hours % 24} h`;
}

const inLogs = "nessun errore registrato (funzione interrotta o scaduta): vedi il log del classificatore";

/** "Error: message (5ª ricezione, 03/12/2026 13:07:02)": why the classifier gave up, as it stored it. */
const failureLine = (failure: DeliveryFailure) =>
  `${failure.error}: ${failure.message} (${failure.attempts}ª ricezione, ${romeDateTime(failure.at, "it")})`;

/** Why a message is there: what its body shows wrong, else the error stored with it, else where to look. */
const why = (s: DeadLetterSummary) => s.problem ?? (s.failure ? failureLine(s.failure) : inLogs);

export function formatDeadLetters(summaries: readonly DeadLetterSummary[]): string {
  if (summaries.length === 0) return "Nessun messaggio nella coda dei messaggi non elaborabili (DLQ).";
  const rows = summaries.map((s) => [
    s.messageId,
    `${s.platform ?? "?"}\n${s.entityId ?? "?"}`,
    s.itemVersionKey ?? "—",
    `${s.receiveCount}${s.timesParked ? `\nparcheggiato ${s.timesParked} volte` : ""}`,
    age(s.ageSeconds),
    why(s),
  ]);
  const header = `${summaries.length} ${summaries.length === 1 ? "messaggio" : "messaggi"} nella DLQ, dal più vecchio:`;
  return `${header}\n${table(["id", "piattaforma / ente", "elemento", "ricezioni", "età", "problema"], rows, {
    separateRows: true,
    widths: [38, 26, 36, 12, 10, 36],
  })}`;
}

export interface DlqDeps {
  deadLetters: Pick<SqsDeadLetters, "list" | "redrive">;
  clock: Clock;
  write(text: string): void;
}

export async function listDeadLetters(deps: DlqDeps, options: { json?: boolean }) {
  const summaries = (await deps.deadLetters.list()).map((letter) => summarise(letter, deps.clock.now()));
  deps.write(`${options.json ? JSON.stringify(summaries) : formatDeadLetters(summaries)}\n`);
}

/** One message whole: its summary, its parking and its body (which may hold personal data: staff only). */
export async function showDeadLetter(deps: DlqDeps, messageId: string, options: { json?: boolean }) {
  const letter = (await deps.deadLetters.list()).find((l) => l.messageId === messageId);
  if (!letter) throw new CliError(`Nessun messaggio ${messageId} nella DLQ (vedi: sentinella dlq list).`);
  const summary = summarise(letter, deps.clock.now());
  const read = readBody(letter.body);
  if (options.json) {
    deps.write(`${JSON.stringify({ ...summary, parking: letter.parking, body: read.item ?? letter.body })}\n`);
    return;
  }
  const lines = [
    `Messaggio ${summary.messageId}`,
    `  piattaforma: ${summary.platform ?? "?"} · ente: ${summary.entityId ?? "?"}`,
    `  elemento: ${summary.itemVersionKey ?? "—"}`,
    `  in coda dal ${romeDateTime(summary.sentAt, "it")} (${age(summary.ageSeconds)} fa), ricevuto ${summary.receiveCount} volte`,
    ...(letter.parking
      ? [
          `  parcheggiato ${letter.parking.times} volte dal ${romeDateTime(letter.parking.since, "it")} (limitazioni o guasti)`,
        ]
      : []),
    `  problema: ${why(summary)}`,
    ...(summary.problem && summary.failure ? [`  errore registrato: ${failureLine(summary.failure)}`] : []),
    "  contenuto (può contenere dati personali: non copiarlo in ticket o chat):",
    ...(read.item ? JSON.stringify(read.item, null, 2) : letter.body).split("\n").map((line) => `    ${line}`),
  ];
  deps.write(`${lines.join("\n")}\n`);
}

/**
 * Moves messages back to the item queue once their cause is fixed: those named, or every one with `all`. A body
 * that is not an Item would fail again the same way, so it stays (and is named): only a code change can read it.
 */
export async function redriveDeadLetters(deps: DlqDeps, messageIds: readonly string[], options: { all?: boolean }) {
  if (Boolean(options.all) === messageIds.length > 0) {
    throw new UsageError("dlq redrive: indica gli id dei messaggi oppure --all, non entrambi né nessuno.");
  }
  const wanted = new Set(messageIds);
  const unreadable: string[] = [];
  const moved = await deps.deadLetters.redrive((letter) => {
    if (!options.all && !wanted.has(letter.messageId)) return false;
    if (readBody(letter.body).problem === undefined) return true;
    unreadable.push(letter.messageId);
    return false;
  });
  const lines = [
    moved.length === 0
      ? "Nessun messaggio rimesso in coda."
      : `Rimessi nella coda degli elementi ${moved.length} ${moved.length === 1 ? "messaggio" : "messaggi"}: ${moved.join(", ")}.`,
    ...(unreadable.length
      ? [`Lasciati nella DLQ perché il corpo non è un Item valido (fallirebbero di nuovo): ${unreadable.join(", ")}.`]
      : []),
  ];
  deps.write(`${lines.join("\n")}\n`);
  const missing = messageIds.filter((id) => !moved.includes(id) && !unreadable.includes(id));
  if (missing.length > 0)
    throw new CliError(`Non trovati nella DLQ: ${missing.join(", ")} (vedi: sentinella dlq list).`);
}

async function withDeadLetters(work: (deps: DlqDeps) => Promise<void>) {
  await withQueues(async ({ client, itemQueueUrl, deadLetterQueueUrl }) => {
    const deadLetters = new SqsDeadLetters(client, { itemQueueUrl, deadLetterQueueUrl });
    await work({ deadLetters, clock: systemClock, write: (text) => stdout.write(text) });
  });
}

export const listCommand = (options: { json?: boolean }) => withDeadLetters((deps) => listDeadLetters(deps, options));
export const showCommand = (id: string, options: { json?: boolean }) =>
  withDeadLetters((deps) => showDeadLetter(deps, id, options));
export const redriveCommand = (ids: string[], options: { all?: boolean }) =>
  withDeadLetters((deps) => redriveDeadLetters(deps, ids, options));
