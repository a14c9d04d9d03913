import type { EntityDeployment } from "@sentinella/core";
import { startSandboxLinkedIn, startSandboxX, startSandboxYouTube } from "@sentinella/local";
import {
  defaultQuotaBudget,
  inMemoryHandshakeLog,
  inMemoryQuotaLedger,
  refreshAccountToken,
} from "@sentinella/platforms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountsBackend, accountsCheck } from "../../packages/cli/src/accounts";

let now = new Date("2026-12-01T09:00:00Z");
const clock = { now: () => now };

/** `sentinella accounts check` against the loopback X, LinkedIn and YouTube APIs, as local mode runs it. */
describe("sentinella accounts check", () => {
  const deployments: EntityDeployment[] = [
    {
      entityId: "comune-cento",
      mode: "enforce",
      accounts: [
        { platform: "facebook", accountId: "fb-cento" },
        { platform: "x", accountId: "x-cento" },
        { platform: "linkedin", accountId: "li-cento" },
        { platform: "youtube", accountId: "yt-cento" },
      ],
    },
  ];
  const xClient = { clientId: "x-client", clientSecret: "x-secret" };
  let x: Awaited<ReturnType<typeof startSandboxX>>;
  let linkedin: Awaited<ReturnType<typeof startSandboxLinkedIn>>;
  let youtube: Awaited<ReturnType<typeof startSandboxYouTube>>;
  beforeAll(async () => {
    x = await startSandboxX({
      tokens: { "x-cento": { accessToken: "x0", refreshToken: "xr0" } },
      client: xClient,
      clock,
    });
    linkedin = await startSandboxLinkedIn({ client: { clientId: "li-client", clientSecret: "li-secret" }, clock });
    youtube = await startSandboxYouTube({ clock });
  });
  afterAll(async () => {
    await Promise.all([x?.stop(), linkedin?.stop(), youtube?.stop()]);
  });

  async function backend(): Promise<AccountsBackend> {
    const liClient = { clientId: "li-client", clientSecret: "li-secret" };
    const xToken = await refreshAccountToken("x", { accessToken: "x0", refreshToken: "xr0" }, xClient, {
      host: x.baseUrl,
      now,
    });
    // A LinkedIn token pasted by hand 60 days ago, without a refresh token: nobody can renew it.
    const liToken = await refreshAccountToken(
      "linkedin",
      { accessToken: "li0", refreshToken: linkedin.oauth.grant("li-cento") },
      liClient,
      { host: linkedin.baseUrl, now },
    );
    const ledger = inMemoryQuotaLedger(defaultQuotaBudget(10_000));
    await ledger.debit(300, "poll", now);
    // X answered its CRC an hour ago; Meta and LinkedIn have not reached this deployment yet.
    const handshakes = inMemoryHandshakeLog();
    await handshakes.answered("x", new Date(now.getTime() - 3600_000));
    return {
      handshakes,
      deployments,
      meta: { appSecret: "a", verifyToken: "v", pageTokens: { "fb-cento": "page-token" } },
      x: { consumerSecret: "c", ...xClient, tokens: { "x-cento": xToken } },
      linkedin: {
        ...liClient,
        tokens: { "li-cento": { accessToken: liToken.accessToken, expiresAt: liToken.expiresAt } },
      },
      youtube: { tokens: {} },
      hosts: { x: x.baseUrl, linkedin: linkedin.baseUrl, youtube: youtube.baseUrl },
      quota: { ledger, dailyUnits: 10_000 },
    };
  }

  it("reports each account's token, the platform's word on it and YouTube's quota, and who must act", async () => {
    const accounts = await backend();
    let out = "";
    const run = async (json?: boolean) => {
      out = "";
      return accountsCheck(accounts, { json }, { clock, write: (text) => (out += text) });
    };

    const reports = await run(true);
    const of = (platform: string) => reports.find((r) => r.platform === platform);
    expect(of("facebook")).toMatchObject({ token: "present", problem: false });
    expect(of("x")).toMatchObject({ token: "valid", renewable: true, check: { working: true }, problem: false });
    expect(of("x")?.expiresAt).toBe(new Date(now.getTime() + 2 * 3600_000).toISOString());
    expect(of("linkedin")).toMatchObject({ token: "valid", renewable: false, check: { working: true } });
    expect(of("youtube")).toMatchObject({ token: "missing", problem: true, quotaLeft: { poll: 7700, action: 9700 } });
    expect(of("x")?.delivery).toBe("webhook Account Activity\nhandshake riuscito 01/12/26, 09:00");
    expect(of("facebook")?.delivery).toBe("webhook Meta (feed)\niscrizione non verificata");
    expect(of("linkedin")?.delivery).toBe("webhook LinkedIn\niscrizione non verificata");

    // 55 days on: the LinkedIn token lapses within the week and cannot be renewed; X's 2-hour token has lapsed.
    now = new Date(now.getTime() + 55 * 86400_000);
    await run();
    expect(out).toContain("IN SCADENZA: serve una nuova");
    expect(out).toContain("da rinnovare ora");
    expect(out).toContain("RIFIUTATO: GET /2/users/me: HTTP 401");
    expect(out).toContain("MANCANTE");
    expect(out).toMatch(/4 account: 3 da sistemare/);
  });
});
