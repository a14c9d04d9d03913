import { type CountryCode, type MetadataJson, parsePhoneNumberFromString } from "libphonenumber-js/core";
import metadata from "./generated/phone-metadata.json" with { type: "json" };

/**
 * libphonenumber-js's parse with its max metadata minus the formatting rules (scripts/phone-metadata.ts): the same
 * validity and number types as `libphonenumber-js/max`, 50 KB lighter.
 */
export const parsePhone = (text: string, country: CountryCode) =>
  parsePhoneNumberFromString(text, country, metadata as unknown as MetadataJson);
