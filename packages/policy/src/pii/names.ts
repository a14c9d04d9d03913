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

export function namedPeople(text: string): Span[] {
  const out: Span[] = [];
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
