import type { Hit } from "./match";
import type { Normalized } from "./normalize";

const TLD =
  "it|com|net|org|eu|info|biz|xyz|top|club|shop|store|live|online|site|click|win|bet|icu|buzz|loan|app|io|ly|me|co|tv|gl|gd|at|to|cc|link|ru|cn|uk|de|fr|es|ch|pro|vip|ws|tk|ml|ga|cf|gq|pw|fun|space|website|news|blog|sbs|cfd|rest|lol|monster";
const LINK = new RegExp(`(?<![@\\w.-])(?:https?:\\/\\/)?((?:[a-z0-9-]+\\.)+(?:${TLD}))\\b(?:\\/[^\\s]*)?`, "g");
/** "bit . ly / x", "x[.]live", "sito punto com", "w w w": written so that filters miss it. */
const DISGUISED_LINK = new RegExp(
  `\\b[a-z0-9-]+\\s*(?:\\[\\.\\]|\\(\\.\\)|\\[dot\\]|\\(dot\\)|\\s\\.\\s|\\s+punto\\s+|\\s+dot\\s+)\\s*(?:${TLD})\\b|\\bw\\s+w\\s+w\\b`,
);

const SHORTENERS = new Set([
  "bit.ly",
  "tinyurl.com",
  "goo.gl",
  "is.gd",
  "cutt.ly",
  "rb.gy",
  "t.ly",
  "ow.ly",
  "shorturl.at",
  "tiny.cc",
  "rebrand.ly",
  "buff.ly",
  "s.id",
  "v.gd",
  "shorte.st",
  "adf.ly",
  "bl.ink",
  "t.me",
]);
const CHEAP_TLD =
  /\.(?:xyz|top|club|shop|store|live|online|site|click|win|bet|icu|buzz|loan|vip|ws|tk|ml|ga|cf|gq|pw|fun|space|website|sbs|cfd|rest|lol|monster|info)$/;

/** Well-known Italian news sites: a link to them in an on-topic comment is information, not spam. */
const NEWS = [
  "ansa.it",
  "rainews.it",
  "rai.it",
  "corriere.it",
  "repubblica.it",
  "lastampa.it",
  "ilsole24ore.com",
  "ilgiorno.it",
  "ilrestodelcarlino.it",
  "lanazione.it",
  "iltirreno.it",
  "liberta.it",
  "ilpiacenza.it",
  "ilcittadinomb.it",
  "monzatoday.it",
  "ilgazzettino.it",
  "ilfattoquotidiano.it",
  "ilpost.it",
  "tgcom24.mediaset.it",
  "skytg24.it",
  "avvenire.it",
  "open.online",
  "fanpage.it",
  "ilmessaggero.it",
  "ilsecoloxix.it",
  "gazzettadiparma.it",
  "estense.com",
  "lanuovaferrara.it",
  "ilcittadino.it",
  "wikipedia.org",
  "youtube.com",
  "youtu.be",
  "facebook.com",
  "instagram.com",
];
/** Public bodies: municipalities, provinces, regions, ministries, state agencies. */
const INSTITUTIONAL =
  /(?:^|\.)(?:gov\.it|comune\.[a-z-]+(?:\.[a-z]{2})?\.it|provincia\.[a-z-]+\.it|regione\.[a-z-]+\.it|[a-z-]+\.gov|europa\.eu|inps\.it|inail\.it|istat\.it|protezionecivile\.it|salute\.gov\.it|camera\.it|senato\.it|governo\.it|poste\.it|pagopa\.it|spid\.gov\.it)$/;
/** Names of public bodies and their services inside a domain that is not theirs: impersonation. */
const BORROWED_NAME =
  /(?:comune|provincia|prov-|regione|inps|agenzia|entrate|poste|tari|imu|rimbors|concors|bonus|premi|governo|ministero|asl|ausl|prefettura)/;

export interface Link extends Hit {
  domain: string;
  trusted: boolean;
  /** Shortener, throw-away TLD or borrowed institutional name. */
  suspicious: boolean;
}

const endsWithDomain = (domain: string, base: string) => domain === base || domain.endsWith(`.${base}`);

export function findLinks(n: Normalized, allowedDomains: readonly string[]): Link[] {
  const links: Link[] = [];
  if (!/\.[a-z]{2}/.test(n.text)) return links;
  for (const m of n.text.matchAll(LINK)) {
    const domain = (m[1] as string).replace(/^www\./, "");
    const trusted =
      INSTITUTIONAL.test(domain) ||
      [...allowedDomains, ...NEWS].some((base) => endsWithDomain(domain, base.toLowerCase().replace(/^www\./, "")));
    const suspicious =
      !trusted &&
      (SHORTENERS.has(domain) || CHEAP_TLD.test(domain) || BORROWED_NAME.test(domain.replace(/\.[a-z]+$/, "")));
    links.push({ from: m.index, to: m.index + m[0].length, domain, trusted, suspicious });
  }
  return links;
}

/** Cheap test that rules out most texts before the costly pattern runs. */
const MAY_BE_DISGUISED = /\[|\(\.|\bdot\b|\bpunto\b|\s\.\s|\bw\s/;

export function findDisguisedLink(n: Normalized): Hit | undefined {
  if (!MAY_BE_DISGUISED.test(n.text)) return undefined;
  const m = DISGUISED_LINK.exec(n.text);
  return m ? { from: m.index, to: m.index + m[0].length } : undefined;
}
