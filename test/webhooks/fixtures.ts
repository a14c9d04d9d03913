import { readFileSync } from "node:fs";
import type { EntityDeployment } from "@sentinella/core";

/** The bytes of a fixture exactly as Meta would send them. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url));
}

export function fixture(name: string): unknown {
  return JSON.parse(fixtureBytes(name).toString("utf8"));
}

/**
 * The accounts the fixtures were written for: one Facebook Page and one Instagram account of one entity, and the
 * X accounts of the Account Activity samples (zammad's fixtures: 2975699229 for tweets, 123 for direct messages),
 * and the LinkedIn organisation of the reference's COMMENT example (urn:li:organization:12345).
 */
export const deployments: EntityDeployment[] = [
  {
    entityId: "comune-esempio",
    mode: "enforce",
    accounts: [
      { platform: "facebook", accountId: "137542570280222" },
      { platform: "facebook", accountId: "111" },
      { platform: "instagram", accountId: "17841405309211844", handle: "comune_esempio" },
      { platform: "x", accountId: "2975699229" },
      { platform: "x", accountId: "123" },
      { platform: "linkedin", accountId: "12345" },
    ],
  },
];
