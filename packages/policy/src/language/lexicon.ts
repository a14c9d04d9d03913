/**
 * Italian offensive-language lexicon, curated by hand for comments to public bodies. Seeded from openly
 * licensed lists (see packages/policy/LEXICON-NOTICE.md): LDNOOBW `it` (CC BY 4.0), italian-badwords-list
 * (MIT), napolux/paroleitaliane lista_badwords (MIT) and the Italian slur placeholders of Multilingual
 * HateCheck (CC BY 4.0). Everyday words those lists contain (pesce, regina, fava, sega, pompa, palle, mona,
 * figa, nero, rom, dio, madonna, cesso…) were left out, or kept only inside the phrase that makes them
 * offensive ("porco dio", "pezzo di merda").
 *
 * Syntax: one entry per string; words separated by spaces; `stronz(o|a|i|e)` lists inflections.
 * Matching is on whole words after normalisation (see normalize.ts), so an entry never fires inside a
 * longer word ("Cazzaniga", "Scunthorpe").
 */

export type LexiconClass = keyof typeof LEXICON;

export const LEXICON = {
  /** Insults that degrade a person by themselves: aimed at someone, they are hidden. */
  strongInsult: [
    "stronz(o|a|i|e)",
    "stronzon(e|i)",
    "coglion(e|i|a)",
    "coglionazz(o|i)",
    "cojon(e|i|a)",
    "cojonazz(o|i)",
    "(li|i)? mortacci (tua|tuoi|vostri|vostra|sua|loro)",
    "rincoglionit(o|a|i|e)",
    "bastard(o|a|i|e)",
    "bastardon(e|i)",
    "troi(a|e)",
    "puttan(a|e)",
    "zoccol(a|e)",
    "mignott(a|e)",
    "bagasci(a|e)",
    "cornut(o|i)",
    "cazzon(e|i)",
    "minchion(e|i)",
    "merdos(o|a|i|e)",
    "merde",
    "leccacul(o|i)",
    "succhiacazzi",
    "cagacazzi",
    "(testa|teste) di (cazzo|minchia)",
    "(pezzo|pezzi|faccia|facce) di merda",
    "(figlio|figli|figlia|figlie) di (puttana|troia|una cagna)",
    "figliodiputtana",
    "(vaffanculo|fanculo|affanculo|vaffa)",
    "(va|vaf|vaff) (fan|fa n) culo",
    "(andate|vai|va|andatevene) a fare in culo",
    "(fottiti|fottetevi)",
    "(andate|vai|va|vada|andatevene) a cagare",
    "(sei|siete) (un|una|dei|delle|degli)? (merda|cesso|cessi)",
    "(quel|quella|quei|quelle) (cesso|cessi|merda) (di|del|della|dello|dei|degli|delle)",
    "fuck (you|off)",
    "(fucking|fuckin) (idiot|idiots|moron|morons|bastard|bastards|assholes|asshole)",
    "(asshole|assholes|motherfucker|motherfuckers|bitch|dickhead)",
  ],
  /** Mild insults: a human decides whether they cross the line. */
  mildInsult: [
    "buffon(e|i)",
    "pagliacc(io|i)",
    "cialtron(e|i)",
    "cretin(o|a|i|e)",
    "scem(o|a|i|e)",
    "idiot(a|i|e)",
    "imbecill(e|i)",
    "deficient(e|i)",
    "pecoron(e|i)",
    "somar(o|i)",
    "babbe(o|i)",
    "dement(e|i)",
    "pirl(a|e)",
    "fess(o|a|i|e)",
    "tont(o|a|i|e)",
    "sfigat(o|a|i|e)",
    "cafon(e|i)",
    "zotic(o|i)",
    "bifolc(o|a|hi|he)",
    "pezzent(e|i)",
    "sciacall(o|i)",
    "parassit(a|i)",
    "lecchin(o|a|i|e)",
    "(buono|buoni|buona|buone) a nulla",
    // Accusations of crime or failure thrown at people: a human weighs them (defamation, not criticism).
    "ladr(o|i)",
    "truffator(e|i)",
    "fallit(o|i)",
    "mafios(o|i)",
    "scansafatiche",
    "rimbambit(o|a|i|e)",
    "poveracc(io|i)",
    "(morto|morti) di fame",
    // Animal names are everyday words: only as a label thrown at someone.
    "(sei|e|siete|sono) (un|una|dei|delle)? (porco|porci|maiale|maiali|vacca|vacche)",
    "(quel|quei|quella|quelle) (porco|porci|maiale|maiali|vacca|vacche)",
    // "ritardato" alone is also an adjective (un pagamento ritardato): only as a label thrown at someone.
    "(quel|quella|quei|quelle) ritardat(o|a|i|e)",
    "(sei|siete|sembri|sembrate) (un|una|dei|delle)? ritardat(o|a|i|e)",
    "(idiot|idiots|moron|morons)",
  ],
  /** Vulgar words that are emphasis unless aimed at someone: review. */
  vulgar: [
    "cazz(o|i)",
    "cazzat(a|e)",
    "minchi(a|e)",
    "minchiat(a|e)",
    "merda",
    "stronzat(a|e)",
    "coglionat(a|e)",
    "puttanat(a|e)",
    "cag(are|ate|a|ano)",
    "sticazzi",
    "fottut(o|a|i|e)",
    "incazzat(o|a|i|e)",
    "per il culo",
    "(rompe|rompi|rompono|rompete|rompere|rotto|rotti|rotta|rotte) i coglioni",
    "porca (puttana|troia)",
    "(fuck|fucking|shit)",
  ],
  /** Blasphemy, used as an oath: vulgar emphasis, review. "dio" and "madonna" alone are everyday words. */
  blasphemy: [
    "porco (dio|cristo)",
    "porcodio",
    "dio (porco|cane|bestia|maiale|boia|ladro)",
    "(dioporco|diocane|diobestia|dioboia)",
    "porca madonna",
    "porcamadonna",
    "madonna (puttana|troia|maiala)",
  ],
  /** Slurs against a group (ethnicity, region, sexual orientation, disability): hidden. */
  slur: [
    "negr(o|a|i|e)",
    "negrett(o|a|i|e)",
    "froc(io|i|ia|e)",
    "frocion(e|i)",
    "ricchion(e|i)",
    "recchion(e|i)",
    "culatton(e|i)",
    "buson(e|i)",
    "lesbicon(a|e)",
    "terron(e|i)",
    "terronacc(io|i)",
    "polenton(e|i)",
    "zingaracc(io|i|e)",
    "(muso|musi) giall(o|i)",
    "vu cumpra",
    "vucumpra",
    "mongoloid(e|i)",
    "handicappat(o|a|i|e)",
    "spastic(o|a|i|he)",
    "cerebroles(o|a|i|e)",
    "subnormal(e|i)",
    "(ritardato|ritardata|ritardati|ritardate) mental(e|i)",
  ],
  /** Words that deny a group's humanity: hidden when they describe a group or follow a slur. */
  dehumanising: [
    "animali",
    "bestie",
    "parassiti",
    "feccia",
    "scimmi(a|e)",
    "non (sono )?(persone|umani|esseri umani)",
    "(topi|ratti|vermi|scarafaggi)",
    "razza inferiore",
    "(sterminarli|eliminarli|bruciarli|affogarli)",
  ],
  /** Groups protected by the policies' non-discrimination clause, as people talk about them. */
  group: [
    "stranier(o|a|i|e)",
    "immigrat(o|a|i|e)",
    "extracomunitari",
    "migranti",
    "profughi",
    "clandestini",
    "zingar(o|a|i|e)",
    "rom",
    "sinti",
    "nomadi",
    "musulman(o|a|i|e)",
    "islamici",
    "ebre(o|a|i|e)",
    "african(o|a|i|e)",
    "cines(e|i)",
    "albanes(e|i)",
    "marocchin(o|a|i|e)",
    "(rumeni|romeni)",
    "nigerian(o|a|i|e)",
    "arab(o|a|i|e)",
    "meridional(e|i)",
    "(quelli|gente) del sud",
    "gay",
    "omosessual(e|i)",
    "lesbiche",
    "transessuali",
    "donne",
    "femmine",
    "anziani",
    "disabili",
  ],
  /** Everyday phrases that contain an entry above: matched first, they silence it (the Scunthorpe allow-list). */
  everyday: [
    "(cavallo|cavalli|guerra|elena|assedio|mura|comune|sindaco|diocesi) di troia",
    "(via|piazza|signor|sig|signora|dottor|dott|dottoressa|consigliere|consigliera|assessore|professor|prof) negro",
    "(pagliacci|buffoni) (del|al|per il) (carnevale|circo)",
    "bastard(o|a|i|e) dentro",
  ],
} as const;

/** "stronz(o|a|i)" → ["stronzo", "stronza", "stronzi"]; "(sei|siete) (un|una)? merda" adds the form without the optional word. */
export function expand(entry: string): string[] {
  const group = /\(([^()]*)\)(\?)?/.exec(entry);
  if (!group) return [entry.replace(/\s+/g, " ").trim()];
  const head = entry.slice(0, group.index);
  const tail = entry.slice(group.index + group[0].length);
  const options = (group[1] as string).split("|");
  if (group[2]) options.push("");
  return options.flatMap((option) => expand(head + option + tail));
}
