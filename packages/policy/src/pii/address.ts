import type { Finding } from "../detector";
import { endsWithName } from "./names";
import { piiFinding } from "./text";

/**
 * Street + proper name + house number: "via Manzoni 41", "viale XX Settembre, 5/B", "p.zza San Rocco n. 3", "al
 * civico 8 di via Po". The name is one word in any case, then up to three particles or capitalised words, so "in
 * via Verdi passano alle 6" is not read as "via Verdi … 6". Each part is bounded, so matching stays linear.
 */
const PARTICLE = "(?:di|de|del|della|dello|dei|degli|delle|dell'|d'|da|san|santa|santo|s\\.|e)";
const STREET_TYPES =
  "via viale v\\.le piazza p\\.zza p\\.za piazzale corso c\\.so largo vicolo strada contrada località localita loc\\. borgo lungomare salita frazione fraz\\."
    .split(" ")
    // Written "Via" or "via": the pattern is case-sensitive so that the name's words must be capitalised.
    .map((type) => `[${type[0]?.toUpperCase()}${type[0]}]${type.slice(1)}`)
    .join("|");
const STREET_NAME = `(?:${STREET_TYPES})\\s+[\\p{L}\\d'.]+(?:\\s+(?:${PARTICLE}|[\\p{Lu}\\d][\\p{L}'.]*)){0,3}`;
const HOUSE_NUMBER = "\\d{1,4}(?!\\d)(?:\\s?\\/\\s?[a-zA-Z]\\b|[a-zA-Z]\\b|\\s?bis\\b|\\s?ter\\b)?";
const ADDRESSES = [
  // "via Roma 12", "via Roma, n. 12"; not "via Emilia 12 km" nor a time.
  new RegExp(
    `\\b${STREET_NAME}(?:\\s*,\\s*|\\s+)(?:(?:n\\.?|nr\\.?|n°|civico|civ\\.)\\s*)?${HOUSE_NUMBER}(?![\\d.,:]\\d|\\s*(?:%|km|m\\b|metri|minuti|min\\b|ore\\b|anni|euro|€|°))`,
    "gu",
  ),
  // "al civico 12 di via Roma".
  new RegExp(`\\b(?:civico|numero|n\\.|n°)\\s*${HOUSE_NUMBER}\\s+(?:di|in)\\s+${STREET_NAME}`, "gu"),
];
/** Words that place the author or a named person at the address: the address is a private person's home. */
const PRIVATE_HOME =
  /\b(?:abit[oaie]|abitiamo|abitano|vivo|viviamo|vive|risied\w*|resident[ei]|domicili\w*|casa\s+mia|a\s+casa|mia\s+casa|sotto\s+casa|casa\s+(?:di|del|della|dei)|mio\s+indirizzo|indirizzo\s+(?:di|del|della|è)|signor[ae]?|sig\.|sig\.ra|famiglia\s+\p{Lu})/iu;
/** An office, shop or public place the address belongs to ("l'ufficio anagrafe in via …", "il bar di piazza …"): not a home. */
const PLACE_AT =
  /\b(?:uffici?o?|sede|municipio|comune|urp|sportello|scuola|biblioteca|ospedale|caserma|stazione|negozio|bar|ristorante|pizzeria|farmacia|studio|cantiere|parcheggio|seggio|palestra|chiesa)(?:\s+[\p{L}']+)?\s+(?:(?:in|di|de\w*|a|al\w*|sul\w*)\s+)?$/iu;

const PRIVATE_HOMES = new RegExp(PRIVATE_HOME.source, "giu");
/** What stands between a home word and an address it cannot refer to: the end of a sentence or another street. */
const ANOTHER_PLACE =
  /[.!?;]|\b(?:via|viale|piazza|piazzale|corso|largo|vicolo|strada|contrada|localit[aà]|borgo|lungomare|salita|frazione)\b/i;

/** Whether a home word refers to the address: the nearest one before it, or after it, with nothing else between. */
function homeWordFor(before: string, after: string): boolean {
  let last: RegExpExecArray | undefined;
  for (const m of before.matchAll(PRIVATE_HOMES)) last = m;
  if (last && !ANOTHER_PLACE.test(before.slice(last.index + last[0].length))) return true;
  const next = PRIVATE_HOME.exec(after);
  return next !== null && !ANOTHER_PLACE.test(after.slice(0, next.index));
}

const key = (address: string) => address.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * A private person's home address with house number: a street address next to words that make it someone's home
 * ("abito in", "casa di", "il signor") or right after a name ("Anna Galli, via …"). A street alone, or an office, shop or the entity's own address, is a place.
 */
export function detectHomeAddresses(text: string, digits: number, officeAddress: string | undefined): Finding[] {
  if (digits === 0) return [];
  const findings: Finding[] = [];
  const office = officeAddress ? key(officeAddress) : "";
  for (const m of ADDRESSES.flatMap((address) => [...text.matchAll(address)])) {
    const end = m.index + m[0].length;
    if (office.includes(key(m[0]))) continue;
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    if (PLACE_AT.test(before)) continue;
    if (homeWordFor(before, text.slice(end, end + 40)) || endsWithName(before)) {
      findings.push(piiFinding("home-address", m.index, end));
    }
  }
  return findings;
}
