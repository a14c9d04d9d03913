import { itemKey, itemVersionKey } from "@sentinella/core";
import { describe, expect, it } from "vitest";

describe("item keys", () => {
  const comment = {
    platform: "facebook",
    accountId: "111",
    itemId: "222_333",
    event: "created",
    version: "0",
  } as const;

  it("identifies an item by platform, account and platform id", () => {
    expect(itemKey(comment)).toBe("facebook#111#222_333");
  });

  it("gives an edit of the same comment a different version key", () => {
    expect(itemVersionKey({ ...comment, event: "edited", version: "1767225700" })).not.toBe(itemVersionKey(comment));
  });
});
