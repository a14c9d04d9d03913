import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
  ])("%s → %s", (written, read) => {
    expect(normalize(written).text).toBe(read);
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
