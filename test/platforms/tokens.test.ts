import { PlatformError } from "@sentinella/core";
import { startSandboxLinkedIn, startSandboxX, startSandboxYouTube } from "@sentinella/local";
import {
  inMemoryTokenStore,
  refreshAccountToken,
  renewDueTokens,
  tokenAlerts,
  tokenHealth,
} from "@sentinella/platforms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let now = new Date("2026-12-01T09:00:00Z");
const clock = { now: () => now };
const hours = (n: number) => new Date(now.getTime() + n * 3600_000);

describe("token renewal against the loopback sandboxes", () => {
  const xClient = { clientId: "x-client", clientSecret: "x-secret" };
  let x: Awaited<ReturnType<typeof startSandboxX>>;
  let linkedin: Awaited<ReturnType<typeof startSandboxLinkedIn>>;
  let youtube: Awaited<ReturnType<typeof startSandboxYouTube>>;
  beforeAll(async () => {
    x = await startSandboxX({
      tokens: { "x-1": { accessToken: "first", refreshToken: "r0" } },
      client: xClient,
      clock,
    });
    linkedin = await startSandboxLinkedIn({ client: { clientId: "li-client", clientSecret: "li-secret" }, clock });
    youtube = await startSandboxYouTube({ client: { clientId: "g-client", clientSecret: "g-secret" }, clock });
  });
  afterAll(async () => {
    await Promise.all([x?.stop(), linkedin?.stop(), youtube?.stop()]);
  });

  const me = (token: string) => fetch(`${x.baseUrl}/2/users/me`, { headers: { authorization: `Bearer ${token}` } });

  it("renews an X token for two hours and rotates its refresh token: the old one is dead at once", async () => {
    const renewed = await refreshAccountToken("x", { accessToken: "first", refreshToken: "r0" }, xClient, {
      host: x.baseUrl,
      now,
    });
    expect(renewed.expiresAt).toBe(hours(2).toISOString());
    expect(renewed.refreshToken).not.toBe("r0");
    expect(((await (await me(renewed.accessToken)).json()) as { data: { id: string } }).data.id).toBe("x-1");

    const reused = refreshAccountToken("x", { accessToken: "first", refreshToken: "r0" }, xClient, {
      host: x.baseUrl,
      now,
    });
    await expect(reused).rejects.toMatchObject({ kind: "auth", code: "invalid_grant" });
    // The rotated one renews again; the token it replaced stops working when its two hours are up.
    const again = await refreshAccountToken("x", renewed, xClient, { host: x.baseUrl, now });
    now = hours(2.1);
    expect((await me(renewed.accessToken)).status).toBe(401);
    expect(again.refreshToken).not.toBe(renewed.refreshToken);
  });

  it("renews what is due once, stores it at once, and leaves the renewal to one renewer at a time", async () => {
    const refreshToken = x.oauth.grant("x-2");
    const secrets = {
      x: {
        ...xClient,
        tokens: {
          "x-2": { accessToken: "old", refreshToken, expiresAt: hours(0.25).toISOString() },
          "x-3": { accessToken: "fresh", refreshToken: "unused", expiresAt: hours(1.9).toISOString() },
        },
      },
    };
    const deployments = [
      {
        entityId: "comune-cento",
        mode: "enforce" as const,
        accounts: [
          { platform: "x" as const, accountId: "x-2" },
          { platform: "x" as const, accountId: "x-3" },
        ],
      },
    ];
    let held = false;
    const lease = {
      async acquire() {
        if (held) return false;
        held = true;
        return true;
      },
      async release() {
        held = false;
      },
    };
    const store = inMemoryTokenStore(secrets);
    const renew = () => renewDueTokens({ deployments, store, lease, now, hosts: { x: x.baseUrl } });
    const [first, second] = await Promise.all([renew(), renew()]);
    expect(first).toMatchObject({ renewed: ["x#x-2"], failed: [], skipped: false });
    expect(second.skipped).toBe(true);
    const stored = secrets.x.tokens["x-2"];
    expect(stored.refreshToken).not.toBe(refreshToken);
    expect(stored.expiresAt).toBe(hours(2).toISOString());
    expect(secrets.x.tokens["x-3"].accessToken).toBe("fresh");
    // Nothing due any more: the next run leaves every token as it is.
    expect((await renew()).renewed).toEqual([]);
  });

  it("refuses a client that is not the app's", async () => {
    const wrong = refreshAccountToken(
      "x",
      { accessToken: "a", refreshToken: "r" },
      { clientId: "other" },
      {
        host: x.baseUrl,
        now,
      },
    );
    await expect(wrong).rejects.toBeInstanceOf(PlatformError);
  });

  it("renews a LinkedIn token for 60 days, keeping the refresh token and the year it lapses in", async () => {
    const refreshToken = linkedin.oauth.grant("li-1");
    const client = { clientId: "li-client", clientSecret: "li-secret" };
    const renewed = await refreshAccountToken("linkedin", { accessToken: "old", refreshToken }, client, {
      host: linkedin.baseUrl,
      now,
    });
    expect(renewed.expiresAt).toBe(hours(60 * 24).toISOString());
    expect(renewed.refreshToken).toBe(refreshToken);
    expect(Date.parse(renewed.refreshTokenExpiresAt as string)).toBeCloseTo(hours(365 * 24).getTime(), -4);
    // Health: valid now; a week before the refresh token's year is up, staff hear of it.
    expect(tokenHealth("linkedin", renewed, client, now).state).toBe("valid");
    expect(tokenHealth("linkedin", renewed, client, hours(59 * 24)).state).toBe("renew");
    const lateInTheYear = { ...renewed, expiresAt: hours(362 * 24 + 60 * 24).toISOString() };
    expect(tokenHealth("linkedin", lateInTheYear, client, hours(360 * 24)).state).toBe("expiring");
  });

  it("renews a Google token for an hour and keeps the refresh token", async () => {
    const refreshToken = youtube.oauth.grant("UC1");
    const client = { clientId: "g-client", clientSecret: "g-secret" };
    const renewed = await refreshAccountToken("youtube", { accessToken: "old", refreshToken }, client, {
      host: youtube.baseUrl,
      now,
    });
    expect(renewed).toMatchObject({ refreshToken, expiresAt: hours(1).toISOString() });
    const info = await fetch(`${youtube.baseUrl}/tokeninfo?access_token=${renewed.accessToken}`);
    expect(((await info.json()) as { expires_in: number }).expires_in).toBe(3600);
  });

  it("says which tokens nobody can renew before they lapse, and which have lapsed", () => {
    const client = { clientId: "c" };
    expect(tokenHealth("x", undefined, client, now).state).toBe("missing");
    expect(tokenHealth("x", { accessToken: "a" }, client, now).state).toBe("unknown");
    expect(tokenHealth("x", { accessToken: "a", expiresAt: hours(1).toISOString() }, client, now).state).toBe(
      "expiring",
    );
    expect(tokenHealth("x", { accessToken: "a", expiresAt: hours(-1).toISOString() }, client, now).state).toBe(
      "expired",
    );
    const renewable = { accessToken: "a", refreshToken: "r", expiresAt: hours(1).toISOString() };
    expect(tokenHealth("x", renewable, client, now)).toMatchObject({ state: "valid", renewable: true });
    expect(tokenHealth("x", renewable, client, hours(0.75)).state).toBe("renew");
    expect(tokenHealth("x", renewable, {}, now).renewable).toBe(false);
  });
});

describe("token alerts", () => {
  const deployments = [
    {
      entityId: "comune-cento",
      mode: "enforce" as const,
      accounts: [
        { platform: "facebook" as const, accountId: "fb-cento" },
        { platform: "linkedin" as const, accountId: "li-cento" },
        { platform: "x" as const, accountId: "x-cento" },
      ],
    },
  ];
  const at = (iso: string) => new Date(iso);
  // A LinkedIn token pasted by hand (no refresh token) that lapses on 15 December; X renews itself.
  const secrets = {
    linkedin: { clientId: "li", tokens: { "li-cento": { accessToken: "t", expiresAt: "2026-12-15T09:00:00.000Z" } } },
    x: {
      clientId: "x",
      tokens: { "x-cento": { accessToken: "t", refreshToken: "r", expiresAt: "2026-12-15T09:00:00.000Z" } },
    },
  };

  it("tells staff a week before a token nobody can renew lapses, then urgently once it has, once per lapse", () => {
    expect(tokenAlerts(deployments, secrets, at("2026-12-07T09:00:00Z"))).toEqual([]);
    const soon = tokenAlerts(deployments, secrets, at("2026-12-09T09:00:00Z"));
    expect(soon).toMatchObject([{ reason: "token_expiring", platform: "linkedin", entityId: "comune-cento" }]);
    expect(soon[0]?.redactedText).toContain("LinkedIn li-cento scade martedì 15 dicembre 2026");
    expect(soon[0]?.redactedText).toContain("autorizzarlo di nuovo");
    const lapsed = tokenAlerts(deployments, secrets, at("2026-12-15T10:00:00Z"));
    expect(lapsed).toMatchObject([{ reason: "token_expired", platform: "linkedin" }]);
    // The same lapse has the same key (the alert service sends each key once); a new token's lapse is a new one.
    expect(lapsed[0]?.itemKey).toBe(soon[0]?.itemKey);
    const renewed = {
      ...secrets.linkedin,
      tokens: { "li-cento": { accessToken: "u", expiresAt: "2027-02-13T09:00:00.000Z" } },
    };
    const next = tokenAlerts(deployments, { ...secrets, linkedin: renewed }, at("2027-02-08T09:00:00Z"));
    expect(next[0]?.itemKey).not.toBe(soon[0]?.itemKey);
  });
});
