/**
 * Made-up Italian identifiers with correct (or deliberately wrong) check characters, so the PII suite can tell
 * "a valid codice fiscale" from "a plainly personal code that fails its check". stdnum and ibantools only
 * validate; building one needs the check algorithms, which are short and fixed by law (DM 23/12/1976 for the
 * codice fiscale, ISO 13616 and the CIN of the Italian BBAN for the IBAN).
 */
import type { Random } from "./random";

// Values of a character in an odd (1st, 3rd, …) position, for the codice fiscale and the IBAN's CIN alike.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const index = (c: string) => (c >= "0" && c <= "9" ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65);

/** The check letter shared by the codice fiscale and the CIN of an Italian BBAN. */
function checkLetter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    sum += i % 2 === 0 ? (ODD[index(c)] as number) : index(c);
  }
  return String.fromCharCode(65 + (sum % 26));
}

const consonants = (s: string) => s.toUpperCase().replace(/[^B-DF-HJ-NP-TV-Z]/g, "");
const vowels = (s: string) => s.toUpperCase().replace(/[^AEIOU]/g, "");
const three = (s: string) => `${s}XXX`.slice(0, 3);
const MONTHS = "ABCDEHLMPRST";

export function codiceFiscale(
  surname: string,
  name: string,
  birth: { year: number; month: number; day: number },
  sex: "M" | "F",
  belfiore: string,
): string {
  const nameConsonants = consonants(name);
  const nameCode =
    nameConsonants.length >= 4
      ? `${nameConsonants[0]}${nameConsonants[2]}${nameConsonants[3]}`
      : three(nameConsonants + vowels(name));
  const day = birth.day + (sex === "F" ? 40 : 0);
  const body = `${three(consonants(surname) + vowels(surname))}${nameCode}${String(birth.year % 100).padStart(2, "0")}${MONTHS[birth.month - 1]}${String(day).padStart(2, "0")}${belfiore}`;
  return body + checkLetter(body);
}

/** An Italian IBAN: IT, two ISO 7064 check digits, the CIN letter, ABI, CAB and a 12-character account. */
export function italianIban(abi: string, cab: string, account: string): string {
  const rest = `${abi}${cab}${account}`;
  const bban = checkLetter(rest) + rest;
  const numeric = [...`${bban}IT00`].map((c) => (c >= "A" ? String(c.charCodeAt(0) - 55) : c)).join("");
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return `IT${String(98 - remainder).padStart(2, "0")}${bban}`;
}

/** The same identifier with its last check character changed: formally invalid, still plainly personal. */
export function breakCheckLetter(code: string): string {
  const last = code.at(-1) as string;
  return code.slice(0, -1) + (last === "A" ? "B" : "A");
}

/** The IBAN with wrong ISO check digits (the CIN stays right, so only the international check fails). */
export function breakIbanCheck(iban: string): string {
  const check = Number(iban.slice(2, 4));
  return `IT${String(((check + 41) % 95) + 2).padStart(2, "0")}${iban.slice(4)}`;
}

const digits = (random: Random, n: number) => Array.from({ length: n }, () => random.int(10)).join("");

export function randomCodiceFiscale(random: Random, surnames: readonly string[], names: readonly string[]): string {
  return codiceFiscale(
    random.pick(surnames),
    random.pick(names),
    { year: 1940 + random.int(66), month: 1 + random.int(12), day: 1 + random.int(28) },
    random.int(2) ? "M" : "F",
    random.pick(["G535", "C469", "F704", "F023", "B832", "E648", "F205", "H501", "F839", "D548"]),
  );
}

export function randomIban(random: Random): string {
  const abi = random.pick(["03069", "02008", "05034", "08327", "01030", "03062", "05387", "06230"]);
  return italianIban(abi, digits(random, 5), digits(random, 12));
}

// Prefixes of Italian mobile networks, so libphonenumber-js reads the number as a valid mobile.
const MOBILE_PREFIXES = [
  "320",
  "328",
  "329",
  "333",
  "338",
  "339",
  "340",
  "345",
  "347",
  "348",
  "349",
  "366",
  "380",
  "389",
];

export function randomMobile(random: Random): string {
  const prefix = random.pick(MOBILE_PREFIXES);
  const rest = digits(random, 7);
  return random.pick([
    `${prefix} ${rest.slice(0, 3)} ${rest.slice(3)}`,
    `${prefix}${rest}`,
    `${prefix}.${rest.slice(0, 3)}.${rest.slice(3, 5)}.${rest.slice(5)}`,
    `+39 ${prefix} ${rest}`,
  ]);
}

const PLATE_LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ";

export function randomPlate(random: Random): string {
  const letter = () => PLATE_LETTERS[random.int(PLATE_LETTERS.length)];
  const plate = `${letter()}${letter()}${digits(random, 3)}${letter()}${letter()}`;
  return random.int(2) ? plate : `${plate.slice(0, 2)} ${plate.slice(2, 5)} ${plate.slice(5)}`;
}

export const randomNumber = (random: Random, from: number, to: number) => from + random.int(to - from + 1);
