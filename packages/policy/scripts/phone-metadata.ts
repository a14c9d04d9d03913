/**
 * Writes the phone metadata the PII detectors use (src/pii/generated/phone-metadata.json): libphonenumber-js's
 * "max" metadata without the national formatting rules, which only `format()` and as-you-type formatting read.
 * Parsing, `isValid()` and `getType()` read the rest, so validation and number types are exactly max's, with
 * 50 KB less in every bundle that holds the classifier ("min" and "mobile" would drop the number types the
 * detectors tell apart: freephone, shared cost, premium, fixed line, voicemail).
 * `npm run phone-metadata` after upgrading libphonenumber-js; test/policy/pii/phone-metadata.test.ts fails until then.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PHONE_METADATA_FILE = join(import.meta.dirname, "..", "src", "pii", "generated", "phone-metadata.json");

/** Position of the formats in a country's entry of the compressed (version 4) metadata. */
const FORMATS = 4;

type Territory = unknown[];
interface Metadata {
  version: number;
  countries: Record<string, Territory>;
  nonGeographic?: Record<string, Territory>;
}

export function buildPhoneMetadata(): string {
  const max = createRequire(import.meta.url)("libphonenumber-js/metadata.max.json") as Metadata;
  if (max.version !== 4) throw new Error(`libphonenumber-js metadata version ${max.version}, this script reads 4`);
  // 0 is how the compressed metadata writes an absent field; `formats()` then reads as none.
  const strip = (territories: Record<string, Territory> = {}) =>
    Object.fromEntries(Object.entries(territories).map(([id, t]) => [id, t.map((v, i) => (i === FORMATS ? 0 : v))]));
  return `${JSON.stringify({ ...max, countries: strip(max.countries), nonGeographic: strip(max.nonGeographic) })}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PHONE_METADATA_FILE, buildPhoneMetadata());
  console.log(`wrote ${PHONE_METADATA_FILE}`);
}
