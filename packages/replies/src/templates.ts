import type { Contacts, Entity } from "@sentinella/core";
import type { ObligationKind } from "./obligation";

/** "a, b o c" */
function italianList(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} o ${parts.at(-1)}`;
}

const tollFree = /^80[03]/;

/** How to reach the entity, as a clause: "scrivere a …, chiamare il numero verde … o visitare …". */
function contactClause(contacts: Contacts): string | undefined {
  const email = contacts.emails[0];
  const phone = contacts.phones.find((p) => tollFree.test(p)) ?? contacts.phones[0];
  const website = contacts.websites[0];
  const ways = [
    email && `scrivere a ${email}`,
    phone && (tollFree.test(phone) ? `chiamare il numero verde ${phone}` : `telefonare al numero ${phone}`),
    website && `visitare ${website}`,
  ].filter((way): way is string => Boolean(way));
  return ways.length ? italianList(ways) : undefined;
}

/**
 * The holding reply, in Italian, from the entity's published contacts. It never repeats the author's words:
 * the reply may be public and the item may hold personal data.
 * - question: seen, the offices will answer in their working hours;
 * - personal_request: such requests go through the official channel, never the comments;
 * - emergency: call 112 now, this channel is not staffed around the clock.
 */
export function holdingReplyText(kind: ObligationKind, entity: Pick<Entity, "contacts">): string {
  const contacts = contactClause(entity.contacts);
  const { officialChannel } = entity.contacts;
  switch (kind) {
    case "emergency":
      return [
        "Se c'è un pericolo per persone o cose chiami subito il 112, il Numero Unico di Emergenza:",
        "questo canale non è presidiato in modo continuo e non è adatto alle emergenze.",
        contacts ? `Per segnalazioni non urgenti può ${contacts}.` : "",
      ]
        .filter(Boolean)
        .join(" ");
    case "personal_request":
      return [
        "Grazie per averci scritto. Per tutelare i suoi dati personali, le richieste che riguardano",
        "la sua situazione non possono essere trattate sui social.",
        officialChannel
          ? `Canale ufficiale: ${officialChannel}.`
          : contacts
            ? `Per presentarla può ${contacts}.`
            : "La invitiamo a contattare direttamente gli uffici.",
      ].join(" ");
    case "question":
      return [
        "Grazie per la sua domanda: l'abbiamo ricevuta e gli uffici le risponderanno appena possibile,",
        "nei giorni e negli orari di servizio.",
        contacts ? `Nel frattempo può ${contacts}.` : "",
      ]
        .filter(Boolean)
        .join(" ");
  }
}
