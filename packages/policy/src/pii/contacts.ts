import type { Contacts } from "@sentinella/core";
import { parsePhone } from "./phone-number";

/** The entity's published contacts in the form the detectors compare: E.164 phones, lower-case e-mails and domains. */
export interface PublishedContacts {
  phones: ReadonlySet<string>;
  emails: ReadonlySet<string>;
  domains: ReadonlySet<string>;
}

/** A phone as written ("800.375.515", "0585/816343") in E.164, or undefined when it is not a valid number. */
function toE164(written: string): string | undefined {
  const phone = parsePhone(written, "IT");
  return phone?.isValid() ? phone.number : undefined;
}

/** "https://www.comune.cento.fe.it/x" → "comune.cento.fe.it". */
function domainOf(site: string): string {
  return site
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/:?#].*$/, "");
}

// Policies are loaded once and reused for every item: normalise each contacts object once.
const cache = new WeakMap<Contacts, PublishedContacts>();

export function publishedContacts(contacts: Contacts): PublishedContacts {
  let published = cache.get(contacts);
  if (!published) {
    const phones = new Set<string>();
    for (const written of contacts.phones ?? []) {
      const e164 = toE164(written);
      if (e164) phones.add(e164);
    }
    const emails = new Set((contacts.emails ?? []).map((email) => email.toLowerCase()));
    const domains = new Set([
      ...(contacts.websites ?? []).map(domainOf),
      ...[...emails].map((email) => email.slice(email.indexOf("@") + 1)),
    ]);
    published = { phones, emails, domains };
    cache.set(contacts, published);
  }
  return published;
}
