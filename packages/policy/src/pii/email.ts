import type { Finding } from "../detector";
import type { PublishedContacts } from "./contacts";
import { originalSpan, piiFinding, rewriteView } from "./text";

/** The big webmail providers: "mario at gmail dot com" is an address, "at" alone is just English. */
const PROVIDER = "(?:gmail|hotmail|libero|yahoo|outlook|alice|tiscali|virgilio|icloud|live|fastwebnet|tim)\\b";
/** "mario punto rossi chiocciola gmail punto com", "mario.rossi [at] gmail [dot] com", "mario @ gmail . com". */
const OBFUSCATED = new RegExp(
  `\\bchiocciola\\b|\\sat\\s+${PROVIDER}|[([{<]\\s*(?:at|chiocciola|@)\\s*[)\\]}>]|\\s@\\s|\\s\\.\\s|[([{<]\\s*(?:dot|punto)\\s*[)\\]}>]`,
  "i",
);
const SPELLED_SIGNS = new RegExp(
  `\\s*(?:[([{<]\\s*(?:at|chiocciola|@)\\s*[)\\]}>]|\\bchiocciola\\b)\\s*|\\s+at\\s+(?=${PROVIDER})|\\s+@\\s+|\\s*(?:[([{<]\\s*(?:dot|punto)\\s*[)\\]}>]|\\bpunto\\b|\\bdot\\b)\\s*|\\s+\\.\\s+`,
  "gi",
);

/** Every obfuscated form without an "@" spells the at-sign out. */
const SPELLED_AT = new RegExp(`chiocciola|[([{<]\\s*at\\s*[)\\]}>]|\\sat\\s+${PROVIDER}`, "i");

const isLocalChar = (ch: string) => /[A-Za-z0-9._%+-]/.test(ch);
const isDomainChar = (ch: string) => /[A-Za-z0-9.-]/.test(ch);

/** Mailboxes of an office rather than of a person ("urp@", "protocollo@", "info@"). */
const ROLE_MAILBOX =
  /^(?:info|urp|comune|provincia|regione|protocollo|segreteria|comunicazione|ufficio|sportello|anagrafe|tributi|polizia|poliziamunicipale|polizialocale|filodiretto|contatti|amministrazione|redazione|stampa|ufficiostampa|noreply|no-reply|webmaster|servizi|biblioteca|scuola|istruzione|sociali|tecnico|suap|sue|personale|ragioneria)[a-z0-9._-]*$/;
/** Domains of public bodies: their office mailboxes are public contacts. */
const PUBLIC_BODY_DOMAIN =
  /(?:^|\.)(?:comune|provincia|regione|citta|cittametropolitana|unione|asl|ausl|usl)\.|\.gov\.it$|\.edu\.it$/;
/** PEC (certified mail) providers and the usual `pec`/`cert` labels. */
const PEC_DOMAIN = /(?:^|\.)(?:pec|cert|postacert)\.|(?:^|\.)(?:legalmail|arubapec|pecmail)\.|\.pec\.it$|^pec\.it$/;

interface EmailAddress {
  address: string;
  start: number;
  end: number;
}

/** E-mail addresses in the text, including the spelled-out forms; scanned from each `@` so the time stays linear. */
function findEmailAddresses(text: string): EmailAddress[] {
  const view = OBFUSCATED.test(text)
    ? rewriteView(text, SPELLED_SIGNS, (m) => (/at|chiocciola|@/i.test(m[0]) ? "@" : "."))
    : undefined;
  const out: EmailAddress[] = [];
  const t = view?.text ?? text;
  for (let at = t.indexOf("@"); at >= 0; at = t.indexOf("@", at + 1)) {
    let from = at;
    while (from > 0 && at - from < 64 && isLocalChar(t[from - 1] as string)) from--;
    while (t[from] === ".") from++;
    let to = at + 1;
    while (to < t.length && to - at < 254 && isDomainChar(t[to] as string)) to++;
    while (to > at + 1 && /[.-]/.test(t[to - 1] as string)) to--;
    if (from >= at || t[at - 1] === ".") continue;
    const domain = t.slice(at + 1, to);
    if (!/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/.test(domain)) continue;
    out.push({ address: t.slice(from, to), ...(view ? originalSpan(view, from, to) : { start: from, end: to }) });
  }
  return out;
}

/**
 * Private e-mail and PEC addresses. The entity's published addresses and office mailboxes of public bodies are
 * public contacts; an office-like or staff address elsewhere is left to a human.
 */
export function detectEmails(text: string, published: PublishedContacts): Finding[] {
  if (!text.includes("@") && !SPELLED_AT.test(text)) return [];
  const findings: Finding[] = [];
  for (const { address, start, end } of findEmailAddresses(text)) {
    const lower = address.toLowerCase();
    if (published.emails.has(lower)) continue;
    const [local = "", domain = ""] = lower.split("@");
    const role = ROLE_MAILBOX.test(local);
    const publicBody = PUBLIC_BODY_DOMAIN.test(domain);
    if (role && (publicBody || published.domains.has(domain))) continue;
    const kind = PEC_DOMAIN.test(domain) ? "pec" : "email";
    const clearCut = !role && !publicBody && !published.domains.has(domain);
    findings.push(piiFinding(kind, start, end, { clearCut }));
  }
  return findings;
}
