import fc from "fast-check";
import { composeIBAN, friendlyFormatIBAN } from "ibantools";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../packages/policy/src/detector";
import { detectPersonalData } from "../../../packages/policy/src/pii";
import { CONTACTS, input } from "./helpers";

// Check letter of a codice fiscale, written here from the published tables (italian-data.md §1.1) so the test
// does not lean on the library the detector uses.
const ODD: Record<string, number> = Object.fromEntries(
  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21].map((v, d) => [String(d), v]),
);
[1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23].forEach((v, i) => {
  ODD[String.fromCharCode(65 + i)] = v;
});
const even = (ch: string) => (ch >= "0" && ch <= "9" ? Number(ch) : ch.charCodeAt(0) - 65);
function checkLetter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? (ODD[first15[i] as string] as number) : even(first15[i] as string);
  return String.fromCharCode(65 + (sum % 26));
}

const letter = fc.integer({ min: 0, max: 25 }).map((i) => String.fromCharCode(65 + i));
const letters = (n: number) => fc.array(letter, { minLength: n, maxLength: n }).map((a) => a.join(""));
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(""));
const pad = (n: number) => String(n).padStart(2, "0");

/** Omocodia replaces digits from the right-most substitutable position leftwards (0-based positions). */
const OMOCODE_POSITIONS = [14, 13, 12, 10, 9, 7, 6];
const codiceFiscale = fc
  .record({
    names: letters(6),
    year: digits(2),
    month: fc.constantFrom(..."ABCDEHLMPRST"),
    day: fc.integer({ min: 1, max: 31 }),
    female: fc.boolean(),
    place: fc.tuple(letter, digits(3)).map(([l, d]) => l + d),
    omocodes: fc.integer({ min: 0, max: 7 }),
  })
  .map(({ names, year, month, day, female, place, omocodes }) => {
    const chars = [...`${names}${year}${month}${pad(female ? day + 40 : day)}${place}`];
    for (const position of OMOCODE_POSITIONS.slice(0, omocodes)) {
      chars[position] = "LMNPQRSTUV"[Number(chars[position])] as string;
    }
    const body = chars.join("");
    return body + checkLetter(body);
  });

const cfWritten = fc
  .tuple(codiceFiscale, fc.constantFrom("solid", "lower", "groups", "dashes", "letters"))
  .map(([cf, style]) => {
    if (style === "lower") return cf.toLowerCase();
    if (style === "groups") return `${cf.slice(0, 3)} ${cf.slice(3, 6)} ${cf.slice(6, 11)} ${cf.slice(11)}`;
    if (style === "dashes") return `${cf.slice(0, 6)}-${cf.slice(6, 11)}-${cf.slice(11)}`;
    if (style === "letters") return [...cf].join(" ");
    return cf;
  });

const iban = fc
  .oneof(
    fc
      .tuple(
        fc.constantFrom("IT", "SM"),
        letter,
        digits(10),
        fc.array(fc.constantFrom(..."0123456789ABCXYZ"), { minLength: 12, maxLength: 12 }),
      )
      .map(([country, cin, bank, account]) =>
        composeIBAN({ countryCode: country, bban: cin + bank + account.join("") }),
      ),
    digits(18).map((bban) => composeIBAN({ countryCode: "DE", bban })),
  )
  .filter((value): value is string => value !== null);
const ibanWritten = fc.tuple(iban, fc.boolean(), fc.boolean()).map(([value, grouped, lower]) => {
  const written = grouped ? (friendlyFormatIBAN(value) as string) : value;
  return lower ? written.toLowerCase() : written;
});

function luhnDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const card = fc
  .constantFrom(["4", 16], ["51", 16], ["55", 16], ["2221", 16], ["34", 15], ["37", 15], ["6011", 16], ["35", 16])
  .chain(([prefix, length]) =>
    digits((length as number) - (prefix as string).length - 1).map((rest) => `${prefix}${rest}`),
  )
  .map((partial) => partial + luhnDigit(partial));
const cardWritten = fc
  .tuple(card, fc.constantFrom("", " ", "-"))
  .map(([number, separator]) => number.replace(/(\d{4})(?=\d)/g, `$1${separator}`));

const mobile = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(8)).map(([second, rest]) => `3${second}${rest}`);
const mobileWritten = fc
  .tuple(mobile, fc.constantFrom("solid", "spaced", "dotted", "dashed", "+39", "0039", "pairs"))
  .map(([m, style]) => {
    const [a, b, c] = [m.slice(0, 3), m.slice(3, 6), m.slice(6)];
    if (style === "spaced") return `${a} ${b} ${c}`;
    if (style === "dotted") return `${a}.${b}.${c.slice(0, 2)}.${c.slice(2)}`;
    if (style === "dashed") return `${a}-${b}-${c}`;
    if (style === "+39") return `+39 ${a} ${b}${c}`;
    if (style === "0039") return `0039 ${a} ${b} ${c}`;
    if (style === "pairs") return `${a} ${b} ${c.slice(0, 2)} ${c.slice(2)}`;
    return m;
  });

const before = fc.constantFrom("", "eccolo: ", "Vi lascio questo ", "(", "scrivete pure, ");
const after = fc.constantFrom("", " grazie", ".", ", ciao!", ")", " 🙏");

function expectRedacted(identifier: fc.Arbitrary<string>, ruleId: string) {
  fc.assert(
    fc.property(before, identifier, after, (prefix, written, suffix) => {
      const findings = detectPersonalData(input(prefix + written + suffix));
      expect(findings).toContainEqual(
        expect.objectContaining({
          ruleId,
          clearCut: true,
          redact: true,
          start: prefix.length,
          end: prefix.length + written.length,
        }),
      );
    }),
    { numRuns: 300 },
  );
}

describe("validly generated identifiers are found and masked whole", () => {
  it("codici fiscali, omocodes included, solid or spaced", () => expectRedacted(cfWritten, "pii.codice-fiscale"));
  it("IBANs (IT, SM, DE), solid or in groups", () => expectRedacted(ibanWritten, "pii.iban"));
  it("payment cards with a valid Luhn digit", () => expectRedacted(cardWritten, "pii.payment-card"));
  it("Italian mobile numbers in the usual ways of writing them", () => expectRedacted(mobileWritten, "pii.phone"));
});

describe("formally invalid look-alikes go to a human, not hidden", () => {
  it("a codice fiscale with a wrong check letter", () => {
    fc.assert(
      // A code with every digit replaced and a wrong letter is a 16-letter word as far as anyone can tell.
      fc.property(
        codiceFiscale.filter((cf) => /\d/.test(cf)),
        fc.integer({ min: 1, max: 25 }),
        (cf, shift) => {
          const wrong = cf.slice(0, 15) + String.fromCharCode(65 + ((cf.charCodeAt(15) - 65 + shift) % 26));
          const findings = detectPersonalData(input(`il sito non accetta ${wrong}, perché?`));
          expect(findings).toContainEqual(
            expect.objectContaining({ ruleId: "pii.codice-fiscale-invalid", clearCut: false }),
          );
          expect(findings.some((f) => f.clearCut)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an IBAN with one digit mistyped", () => {
    fc.assert(
      fc.property(iban, fc.nat(), fc.integer({ min: 1, max: 9 }), (value, at, shift) => {
        const digitsAt = [...value].flatMap((ch, i) => (i >= 4 && ch >= "0" && ch <= "9" ? [i] : []));
        const i = digitsAt[at % digitsAt.length] as number;
        const typo = value.slice(0, i) + String((Number(value[i]) + shift) % 10) + value.slice(i + 1);
        const findings = detectPersonalData(input(`IBAN ${typo}`));
        expect(findings).toContainEqual(expect.objectContaining({ ruleId: "pii.iban-invalid", clearCut: false }));
        expect(findings.some((f) => f.clearCut)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the entity's published numbers are never findings, however they are written", () => {
  it("for each way of grouping the digits", () => {
    const published = fc.constantFrom(...CONTACTS.phones.map((phone) => phone.replace(/\D/g, "")));
    const written = fc.tuple(
      published,
      fc.constantFrom(" ", ".", "-", ""),
      fc.integer({ min: 2, max: 4 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(written, ([digits, separator, split, international]) => {
        const text = `chiamate ${international ? "+39 " : ""}${digits.slice(0, split)}${separator}${digits.slice(split)}`;
        expect(detectPersonalData(input(text))).toEqual([]);
      }),
    );
  });
});

const TOKENS = [
  ..."0123456789",
  " ",
  ".",
  "-",
  "/",
  "@",
  ",",
  "+39",
  "0039",
  "tre",
  "sette",
  "punto",
  "chiocciola",
  "via",
  "Roma",
  "abito in",
  "prot. n.",
  "delibera",
  "carta d'identità",
  "CA",
  "IT60",
  "X054",
  "targa",
  "RSS",
  "Mario",
  "Rossi",
  "arrestato",
  "è",
  "🙂",
  "\u200b",
  "３",
  "𝟑",
  "𝗮",
];
const noisyText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(""));

function expectWellFormed(findings: Finding[], text: string) {
  for (const f of findings) {
    expect(f.category).toBe("pii");
    expect(f.ruleId).toMatch(/^pii\.[a-z-]+$/);
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeGreaterThan(f.start);
    expect(f.end).toBeLessThanOrEqual(text.length);
  }
}

describe("any text", () => {
  it("never throws and reports spans inside the text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 300 }), noisyText), (text) => {
        expectWellFormed(detectPersonalData(input(text)), text);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ["digits", "3".repeat(20_000)],
    ["spaced digits", "3 ".repeat(10_000)],
    ["dotted digits", "1.".repeat(10_000)],
    ["a local part with no domain", `${"a".repeat(20_000)}@`],
    ["at-signs", "a@".repeat(10_000)],
    ["spelled e-mail signs", "mario chiocciola punto ".repeat(870)],
    ["spelled digits", "tre sette ".repeat(2_000)],
    ["IBAN starts", "IT60 ".repeat(4_000)],
    ["an IBAN running into a long word", `IBAN IT60X05428111010000001234567${"8".repeat(20_000)}`],
    ["codice fiscale fragments", "RSS MRA 80A ".repeat(1_700)],
    ["street names", "abito in via Roma Santa Maria ".repeat(650)],
    ["practice numbers", "prot. n. 1/2/3-".repeat(1_300)],
    ["names and facts", "Mario Rossi arrestato ".repeat(900)],
    ["phone numbers", "chiamate il 347 218 5593 ".repeat(800)],
  ])("handles a 20,000-char input of %s", (_, text) => {
    expectWellFormed(detectPersonalData(input(text)), text);
  });
});
