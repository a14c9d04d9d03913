import { readFileSync } from "node:fs";
import { parsePhoneNumberFromString as parseWithMax } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { buildPhoneMetadata, PHONE_METADATA_FILE } from "../../../packages/policy/scripts/phone-metadata";
import { parsePhone } from "../../../packages/policy/src/pii/phone-number";

describe("phone metadata", () => {
  it("is current with the installed libphonenumber-js (run `npm run phone-metadata` after upgrading it)", () => {
    expect(readFileSync(PHONE_METADATA_FILE, "utf8")).toBe(buildPhoneMetadata());
  });

  it("reads validity, number type and E.164 form exactly as the max metadata does", () => {
    const numbers = [
      "3471234567", // mobile
      "0585816343", // fixed line
      "800375515", // freephone
      "840123456", // shared cost
      "892123", // premium
      "34712345678", // a mobile and one digit more: voicemail
      "199123456",
      "+44 20 7946 0958", // London fixed line
      "+1 212 555 0100",
      "+33 6 12 34 56 78",
      "0039 06 6982",
      "12345",
      "+80012345678", // non-geographic freephone
    ];
    for (const written of numbers) {
      const ours = parsePhone(written, "IT");
      const max = parseWithMax(written, "IT");
      expect([ours?.isValid(), ours?.getType(), ours?.number], written).toEqual([
        max?.isValid(),
        max?.getType(),
        max?.number,
      ]);
    }
  });
});
