/** `npm run lexicons`: validates every lexicon file and writes the generated extract (see lexicon-extract.ts). */
import { writeFileSync } from "node:fs";
import { buildExtract, EXTRACT_FILE } from "./lexicon-extract";

const extract = buildExtract();
writeFileSync(EXTRACT_FILE, extract);
console.log(`wrote ${EXTRACT_FILE} (${(extract.length / 1024).toFixed(1)} KB)`);
