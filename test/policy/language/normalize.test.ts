import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyse } from "../../../packages/policy/src/language/analyse";
import letterFolds from "../../../packages/policy/src/language/letter-folds.json" with { type: "json" };
import { normalize } from "../../../packages/policy/src/language/normalize";

describe("normalize undoes the usual disguises", () => {
  it.each([
    ["S.T.R.O.N.Z.O", "stronzo"],
    ["s t r o n z o", "stronzo"],
    ["s-t-r-o-n-z-o", "stronzo"],
    ["s_t_r_o_n_z_o", "stronzo"],
    ["c4zz0", "cazzo"],
    ["c0gl10n3", "coglione"],
    ["st🤬ronzo", "stronzo"],
    ["b🔥a🔥s🔥t🔥a🔥r🔥d🔥o", "bastardo"],
    ["Сіttà", "citta"], // Cyrillic С and і
    ["𝓬𝓪𝔃𝔃𝓸", "cazzo"],
    ["ｓｔｒｏｎｚｏ", "stronzo"],
    ["cazzzzzzo", "cazzo"],
    ["buffoniiiii", "buffoni"],
    ["t\u200br\u200bo\u200bi\u200ba", "troia"],
    ["È PIÙ CARO", "e piu caro"],
    ["𝐒𝐓𝐑𝐎𝐍𝐙𝐎", "stronzo"], // mathematical capitals
    ["ꜱᴛʀᴏɴᴢᴏ", "stronzo"], // small capitals
    ["ʇɐʇɔʞ", "tatck"], // turned letters of upside-down text, read one by one
    ["Straße, Łódź, Søren, Đorđe", "strasse, lodz, soren, dorde"],
    ["ﬁnestra Œuvre", "finestra oeuvre"],
    ["Жопа", "zhopa"], // Cyrillic: look-alikes where they exist (р is p, not r), transliteration elsewhere
    ["θάλασσα", "thalassa"],
    ["٠٣٤٥", "0345"], // Arabic-Indic digits
  ])("%s → %s", (written, read) => {
    expect(normalize(written).text).toBe(read);
  });

  it("keeps a word of a script it does not read as a word where the author wrote it", () => {
    const text = "aiuto 救命";
    const words = analyse(text).tokens.filter((t) => t.kind === "word");
    expect(words.map((t) => text.slice(t.start, t.end))).toEqual(["aiuto", "救命"]);
  });

  it("reads each letter of the fold table once, as a-z, and only letters NFKD does not already fold", () => {
    const letters = Object.values(letterFolds).flatMap((group) => Object.entries(group));
    expect(new Set(letters.map(([letter]) => letter)).size).toBe(letters.length);
    for (const [letter, reading] of letters) {
      expect([...letter], letter).toHaveLength(1);
      expect(letter.toLowerCase(), letter).toBe(letter);
      expect(letter.normalize("NFKD").replace(/\p{M}/gu, ""), letter).not.toMatch(/^[a-z]+$/);
      expect(reading, letter).toMatch(/^[a-z]*$/);
    }
  });

  it("keeps numbers, e-mail addresses and mentions as they are", () => {
    expect(normalize("via Roma 12, scrivete a urp@comune.cento.fe.it o a @mario").text).toBe(
      "via roma 12, scrivete a urp@comune.cento.fe.it o a @mario",
    );
  });

  it("shrinks a stretched letter however long the run", () => {
    expect(normalize(`che schif${"o".repeat(20_000)}`).text).toBe("che schifo");
  });

  it("leaves short runs of one-letter Italian words apart", () => {
    expect(normalize("e a i bambini").text).toBe("e a i bambini");
  });

  it("maps every normalised char back to the text the author wrote", () => {
    const text = "Ciao 𝘀𝘁𝗿𝗼𝗻𝘇𝗼!";
    const n = normalize(text);
    const at = n.text.indexOf("stronzo");
    expect(text.slice(n.start[at], n.end[at + 6])).toBe("𝘀𝘁𝗿𝗼𝗻𝘇𝗼");
  });

  it("never throws and keeps offsets inside the original text, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
        const n = normalize(text);
        expect(n.start.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.start[i]).toBeGreaterThanOrEqual(0);
          expect(n.end[i]).toBeLessThanOrEqual(text.length);
        }
      }),
    );
  });
});
