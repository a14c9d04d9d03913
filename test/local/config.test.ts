import { describe, expect, it } from "vitest";
import { alertRoutesOf, deploymentsOf, parseLocalConfig, readLocalConfig } from "../../packages/local/src/config";

const valid = `{
  // Comune di Cento's real Page, in trial mode
  "entities": [
    {
      "entityId": "comune-cento",
      "mode": "shadow",
      "accounts": [{ "platform": "facebook", "accountId": "104512345678901" }],
      "alerts": { "onCallEmails": ["reperibile@comune.cento.fe.it"] },
    },
  ],
}`;

describe("local config file", () => {
  it("reads entities, accounts and modes, with comments and trailing commas, and splits off the alert routes", () => {
    const config = parseLocalConfig(valid, "sentinella.local.json");
    expect(deploymentsOf(config)).toEqual([
      {
        entityId: "comune-cento",
        mode: "shadow",
        accounts: [{ platform: "facebook", accountId: "104512345678901" }],
      },
    ]);
    expect(alertRoutesOf(config)).toEqual({
      "comune-cento": { onCallEmails: ["reperibile@comune.cento.fe.it"], staffEmails: [] },
    });
  });

  it("points every mistake at its line and column", () => {
    const broken = valid
      .replace('"shadow"', '"sometimes"')
      .replace('"reperibile@comune.cento.fe.it"', '"reperibile"')
      .replace('"comune-cento"', '"comune-atlantide"');
    let message = "";
    try {
      parseLocalConfig(broken, "sentinella.local.json");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      expect.stringMatching(/^sentinella\.local\.json:5:19: entities\.0\.entityId: .*comune-cento/),
      expect.stringMatching(/^sentinella\.local\.json:6:15: entities\.0\.mode: /),
      expect.stringMatching(/^sentinella\.local\.json:8:36: entities\.0\.alerts\.onCallEmails\.0: /),
    ]);
  });

  it("reports a syntax error and a missing file plainly", async () => {
    expect(() => parseLocalConfig('{ "entities": [ }', "c.json")).toThrow(/^c\.json:1:17: /);
    await expect(readLocalConfig("/nonexistent/sentinella.local.json")).rejects.toThrow(/no such file/);
  });
});
