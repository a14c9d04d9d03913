import type { Action, Category, CategoryFinding, ItemKind, Removal } from "@sentinella/core";
import type { Policy } from "./policy";

/** How each category reads in a statement of reasons addressed to the author. */
const REASON: Record<Category, string> = {
  pii: "espone pubblicamente dati personali",
  minors: "contiene informazioni su un minore identificabile",
  spam: "ha carattere pubblicitario o di spam",
  insult: "contiene espressioni offensive o volgari",
  threat: "contiene minacce o incitamenti alla violenza",
  discrimination: "contiene espressioni discriminatorie",
  political: "contiene propaganda elettorale",
  illegal: "promuove attività illecite o contenuti che violano diritti di terzi",
  off_topic: "non riguarda l'argomento del post",
  trolling: "sembra scritto per disturbare la discussione",
  emergency: "segnala un'emergenza in corso",
  personal_request: "riguarda un caso personale",
  question: "chiede un'informazione di interesse pubblico",
};

/** Categories that ask something of the office; every other category is a breach of the rules. */
const ASKING: ReadonlySet<Category> = new Set(["emergency", "personal_request", "question"]);

function list(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} e ${parts.at(-1)}`;
}

/** What was done with a breach, as the author reads it: what the platform let the account do, never more. */
function whatWasDone(kind: ItemKind, actions: readonly Action[], removal: Removal): string {
  if (!actions.includes("hide")) return "Il contenuto resta visibile ed è stato inviato alla verifica di un moderatore";
  // A private message cannot be hidden from anyone: hiding it means archiving it.
  if (kind === "message") return "Il messaggio è stato archiviato";
  return removal === "delete" ? "Il contenuto è stato eliminato" : "Il contenuto è stato nascosto";
}

/**
 * One paragraph in Italian that states what was done, why, and under which clause of the entity's own policy:
 * the statement of reasons owed to the author. Criticism is never a reason, and the paragraph says so.
 */
export function explain(
  policy: Policy,
  kind: ItemKind,
  actions: readonly Action[],
  categories: readonly CategoryFinding[],
  removal: Removal,
): string {
  if (actions.includes("allow"))
    return `Il contenuto rispetta la social media policy dell'ente (${policy.name}): nessun intervento.`;
  const violations = categories.filter((c) => !ASKING.has(c.category));
  const sentences: string[] = [];
  if (violations.length > 0) {
    const what = whatWasDone(kind, actions, removal);
    const reason = (c: CategoryFinding) =>
      c.category === "political" && c.clearCut
        ? `${REASON.political} durante il periodo elettorale`
        : REASON[c.category];
    const why = list(violations.map((c) => `${reason(c)} (${c.clause})`));
    sentences.push(`${what} perché ${why}.`);
  }
  if (categories.some((c) => c.category === "emergency"))
    sentences.push(
      "I canali social non sono canali di emergenza: in caso di pericolo chiami subito il 112 (115 vigili del fuoco, 118 emergenza sanitaria); il personale è stato avvisato.",
    );
  const asks = categories.filter((c) => c.category === "question" || c.category === "personal_request");
  if (asks.length > 0) {
    const channel = policy.contacts.officialChannel
      ? `, o indicherà il canale corretto: ${policy.contacts.officialChannel}`
      : "";
    sentences.push(`Il messaggio ${list(asks.map((c) => REASON[c.category]))}: l'ufficio risponderà${channel}.`);
  }
  if (violations.length > 0)
    sentences.push(
      "Le critiche all'amministrazione sono sempre ammesse; chi ritiene la decisione errata può chiederne il riesame.",
    );
  return sentences.join(" ");
}
