/**
 * Someone named: "Nome Cognome", a title before a surname ("il consigliere Zanardi", "la prof.ssa Elisa Moretti")
 * or an @mention of a user ("@Gianni Pasquali", "@lucia.ferrari"; not an account handle such as "@ProvinciaMB").
 * Names are recognised by their capital letters, so the original text is read, not a lower-cased copy.
 */
const NAME = "\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)?";
const TITLE =
  "signor[ae]?|sig\\.(?:ra)?|dott\\.?(?:ssa)?|prof\\.?(?:ssa)?|ing\\.|avv\\.|geom\\.|geometra|consiglier[ea]|assessor[ea]|sindac[oa]|president[ea]|dirigente|maestr[ao]|vigilessa|vigile|don|suor";
const PERSON = new RegExp(
  `\\b(?:${TITLE})\\s+${NAME}|@\\p{Lu}\\p{Ll}+\\s+\\p{Lu}\\p{Ll}+|@\\p{L}+[._][\\p{L}\\d._]*|(?<![\\p{L}])\\p{Lu}\\p{Ll}+\\s+\\p{Lu}\\p{Ll}+`,
  "gu",
);
/** Capitalised words that open sentences or name institutions and places: "Il Comune", "Oggi Mario" are no names. */
const NOT_NAMES =
  /^(?:Il|Lo|La|Le|Gli|I|Un|Una|Uno|Ma|E|Ed|O|Che|Se|Per|Non|Ho|Io|Tu|Lui|Lei|Noi|Voi|Loro|Questo|Questa|Quel|Quella|Quello|Anche|Oggi|Ieri|Domani|Ciao|Buongiorno|Buonasera|Salve|Grazie|Complimenti|Comune|Provincia|Regione|Via|Viale|Piazza|Corso|Santa|San|Santo|Protezione|Polizia|Vigili|Carabinieri|Guardia|Croce|Ufficio|Uffici|Lavori|Pubblici|Servizi|Consiglio|Giunta|Stato|Repubblica|Italia|Asl|Ausl|Pronto|Soccorso|Tribunale|Procura|Corte|Tar|Palazzo|Villa|Chiesa|Scuola|Istituto|Liceo)$/;

interface Span {
  start: number;
  end: number;
}

/**
 * What every reading of `PERSON` needs: an "@", or a capitalised word after a space (a name's second word, or the
 * name after a title). Most comments have neither, and this scan is far cheaper than `PERSON`'s.
 */
const MAY_NAME = /@|\s\p{Lu}\p{Ll}/u;

/** Whether the text may name someone (see `MAY_NAME`): when not, `namedPeople` is empty. */
export const mayName = (text: string): boolean => MAY_NAME.test(text);

export function namedPeople(text: string): Span[] {
  const out: Span[] = [];
  if (!mayName(text)) return out;
  PERSON.lastIndex = 0;
  for (let m = PERSON.exec(text); m !== null; m = PERSON.exec(text)) {
    const [first = "", second] = m[0].split(/\s+/);
    if (!m[0].startsWith("@") && second !== undefined && (NOT_NAMES.test(first) || NOT_NAMES.test(second))) {
      // "Oggi Mario Rossi": try again from the second word.
      PERSON.lastIndex = m.index + first.length + 1;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Whether `text` ends with a person's name and at most a comma or a preposition ("Mario Rossi, ", "Anna Galli di "). */
export function endsWithName(text: string): boolean {
  const tail = /(\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+)\s*(?:[,–-]|\bdi|\bin|\bda)?\s*$/u.exec(text.slice(-60));
  return tail !== null && namedPeople(tail[1] as string).length > 0;
}

/**
 * Roles held in public office: a name after one ("il sindaco Fabrizio Toselli", "l'assessora ai lavori pubblici
 * Anna Galli", "il presidente della Provincia, Luca Santambrogio") is a public official in that role, named as such
 * (Garante, provv. on transparency: the names of office holders in their role are public), so it is never masked.
 */
const PUBLIC_ROLE =
  "(?:vice)?sindac[oa]|assessor[ea]|consiglier[ea](?:\\s+(?:comunale|provinciale|regionale|delegat[oa]))?|(?:vice)?president[ea]|segretari[oa](?:\\s+(?:generale|comunale))?|dirigente|direttore|direttrice|comandante|prefett[oa]|questore|minist(?:ro|ra)|onorevole|on\\.|senat(?:ore|rice)|deputat[oa]|commissari[oa](?:\\s+prefettizi[oa])?|funzionari[oa]|responsabile(?:\\s+del(?:l')?\\s*\\p{L}+)?|garante|difensore\\s+civico";
/** The role, an optional "di Cento" / "ai lavori pubblici" / "della Provincia", an optional comma: then the name. */
const OFFICIAL_BEFORE = new RegExp(
  `\\b(?:${PUBLIC_ROLE})(?:\\s+(?:(?:d[ei]|de(?:l|lla|llo|i|gli|lle)|a(?:i|l|lla|lle|gli))\\s+|(?:dell|all)'\\s*)[\\p{L}']+(?:\\s+\\p{Ll}+)?)?\\s*,?\\s*$`,
  "iu",
);
const OFFICIAL_TITLE = new RegExp(`^(?:${PUBLIC_ROLE})\\s`, "iu");
/** The title a span may open with ("signora Bianchi"): kept, so the text still reads, while the name is masked. */
const LEADING_TITLE = new RegExp(`^(?:${TITLE})\\s+`, "iu");
/** Capitalised pairs that name places, feasts and greetings, not people ("Reggio Emilia", "Buon Natale"). */
const NOT_PERSONS =
  /^(?:Buon|Buona|Buone|Buongiorno|Natale|Pasqua|Capodanno|Ferragosto|Carnevale|Fiera|Festa|Sagra|Centro|Storico|Municipio|Ospedale|Stazione|Reggio|Emilia|Romagna|Lombardia|Toscana|Liguria|Veneto|Piemonte|Monza|Brianza|Massa|Carrara|Marina|Piacenza|Cento|Pieve|Crespiatica|Lodi|Milano|Bologna|Ferrara|Modena|Roma|Italia|Europa|Lunedì|Martedì|Mercoledì|Giovedì|Venerdì|Sabato|Domenica|Gennaio|Febbraio|Marzo|Aprile|Maggio|Giugno|Luglio|Agosto|Settembre|Ottobre|Novembre|Dicembre)$/u;

/** A capitalised word right after a name, on the same line. */
const RUN_ON = /^[ \t]+(\p{Lu}\p{Ll}+)(?![\p{L}])/u;

/**
 * The names of private persons in a text, to mask in what is stored and sent to staff: a full name, a title and a
 * surname (the title itself stays), an @mention of a user. Never a public official named in their role. These spans
 * are masked but are no finding: a name alone is not personal data exposed against the policy.
 */
export function privateNames(text: string): Span[] {
  const out: Span[] = [];
  for (const span of namedPeople(text)) {
    const name = text.slice(span.start, span.end);
    // "@comune.cento.fe.it" inside an e-mail address is no mention (the address is for the e-mail rules).
    if (name.startsWith("@") && /[\p{L}\d._%+-]/u.test(text[span.start - 1] ?? "")) continue;
    if (OFFICIAL_TITLE.test(name)) continue;
    if (OFFICIAL_BEFORE.test(text.slice(Math.max(0, span.start - 60), span.start))) continue;
    const title = LEADING_TITLE.exec(name);
    const words = name
      .slice(title?.[0].length ?? 0)
      .replace(/^@/, "")
      .split(/\s+/);
    if (!name.startsWith("@") && words.some((word) => NOT_PERSONS.test(word))) continue;
    // A third capitalised word runs on: the pair began with a capitalised opener ("Sono Lucia Ferri", "Gentile
    // Lucia Ferri"), so the surname is that word; mask the run, which costs the opener rather than leak the surname.
    const next = name.startsWith("@") ? null : RUN_ON.exec(text.slice(span.end));
    const runsOn = next !== null && !NOT_NAMES.test(next[1] as string) && !NOT_PERSONS.test(next[1] as string);
    out.push({ start: span.start + (title?.[0].length ?? 0), end: span.end + (runsOn ? (next?.[0].length ?? 0) : 0) });
  }
  return out;
}
