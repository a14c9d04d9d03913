import { can, principalFromClaims, readableEntities } from "@sentinella/console";
import { describe, expect, it } from "vitest";
import { principal } from "./fixtures";

describe("authorisation from the token's groups", () => {
  it("reads entity and role from Cognito groups named <entity>:<role>, ignoring other groups", () => {
    const p = principalFromClaims({
      sub: "abc",
      "cognito:username": "maria",
      "cognito:groups": ["comune-cento:moderator", "provincia-piacenza:auditor", "us-east-1_Google", "x:chef"],
      exp: 2e9,
      iat: 1,
    });
    expect(p.name).toBe("maria");
    expect(readableEntities(p)).toEqual(["comune-cento", "provincia-piacenza"]);
  });

  it("lets a moderator act on their own entity only", () => {
    const moderator = principal(["comune-cento:moderator"]);
    expect(can(moderator, "act", "comune-cento")).toBe(true);
    expect(can(moderator, "read", "provincia-monza-brianza")).toBe(false);
    expect(can(moderator, "act", "provincia-monza-brianza")).toBe(false);
    expect(can(moderator, "approve_ban", "comune-cento")).toBe(false);
  });

  it("lets an auditor read and never act", () => {
    const auditor = principal(["comune-cento:auditor"]);
    expect(can(auditor, "read", "comune-cento")).toBe(true);
    for (const permission of ["act", "approve_ban", "replay"] as const) {
      expect(can(auditor, permission, "comune-cento")).toBe(false);
    }
  });

  it("lets an admin approve bans and replay for their entity", () => {
    const admin = principal(["comune-cento:admin"]);
    expect(can(admin, "approve_ban", "comune-cento")).toBe(true);
    expect(can(admin, "replay", "comune-cento")).toBe(true);
    expect(can(admin, "act", "provincia-piacenza")).toBe(false);
  });
});
