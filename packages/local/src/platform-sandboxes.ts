import { randomBytes } from "node:crypto";
import { linkedInVersion } from "@sentinella/aws";
import type {
  Clock,
  EntityDeployment,
  LinkedInSecrets,
  Platform,
  PlatformActions,
  XSecrets,
  YouTubeSecrets,
} from "@sentinella/core";
import {
  createLinkedInActions,
  createXActions,
  createYouTubeActions,
  createYouTubeApi,
  type QuotaLedger,
} from "@sentinella/platforms";
import { type SandboxLinkedIn, startSandboxLinkedIn } from "./sandbox-linkedin";
import { type SandboxX, startSandboxX } from "./sandbox-x";
import { type SandboxYouTube, startSandboxYouTube } from "./sandbox-youtube";

/** The channels each seed body publishes besides its Facebook Page and Instagram account (issue 8). */
export const publishedChannels: Readonly<Record<string, Platform[]>> = {
  "comune-cento": ["x", "linkedin", "youtube"],
  "provincia-monza-brianza": ["x", "linkedin", "youtube"],
  "provincia-piacenza": ["youtube"],
  "provincia-massa-carrara": ["x"],
};

const accountPrefix: Partial<Record<Platform, string>> = { x: "x", linkedin: "li", youtube: "yt" };

/** Local mode's account id of an entity's channel: "x-<entity>", "li-<entity>", "yt-<entity>". */
export function localAccountId(platform: Platform, entityId: string): string {
  return `${accountPrefix[platform] ?? platform}-${entityId}`;
}

/** The X, LinkedIn and YouTube secrets of a local run (`.local/platform-secrets.json`). */
export interface PlatformSecrets {
  x: XSecrets;
  linkedin: LinkedInSecrets;
  youtube: YouTubeSecrets;
}

const accountsOn = (deployments: readonly EntityDeployment[], platform: Platform) =>
  deployments.flatMap((d) => d.accounts.filter((a) => a.platform === platform).map((a) => a.accountId));

/**
 * Random signing secrets and OAuth clients; a token per deployed account, "local-<platform>-token-<account>", with
 * a refresh token the sandbox knows, so renewal can be tried locally (`sentinella accounts check`).
 */
export function generatePlatformSecrets(deployments: readonly EntityDeployment[]): PlatformSecrets {
  const random = () => randomBytes(16).toString("hex");
  const tokens = (platform: Platform) =>
    Object.fromEntries(
      accountsOn(deployments, platform).map((id) => [
        id,
        { accessToken: `local-${platform}-token-${id}`, refreshToken: `local-${platform}-refresh-${id}` },
      ]),
    );
  return {
    x: { consumerSecret: random(), clientId: "local-x-client", clientSecret: random(), tokens: tokens("x") },
    linkedin: { clientSecret: random(), clientId: "local-linkedin-client", tokens: tokens("linkedin") },
    youtube: { clientId: "local-youtube-client", clientSecret: random(), tokens: tokens("youtube") },
  };
}

/** The loopback platform APIs besides Graph, and the adapters that call them as in Lambda. */
export interface PlatformSandboxes {
  x: SandboxX;
  linkedin: SandboxLinkedIn;
  youtube: SandboxYouTube;
  stop(): Promise<void>;
}

/** The app's OAuth client as the sandbox expects it: the one in the secret (local mode generates one). */
const clientOf = (secrets: { clientId?: string; clientSecret?: string }, fallbackId: string) => ({
  clientId: secrets.clientId ?? fallbackId,
  ...(secrets.clientSecret && { clientSecret: secrets.clientSecret }),
});

export async function startPlatformSandboxes(secrets: PlatformSecrets, clock: Clock): Promise<PlatformSandboxes> {
  const [x, linkedin, youtube] = await Promise.all([
    startSandboxX({ tokens: secrets.x.tokens, client: clientOf(secrets.x, "local-x-client"), clock }),
    startSandboxLinkedIn({
      tokens: secrets.linkedin.tokens,
      // LinkedIn's OAuth client is the app itself: its client secret is the one that signs webhooks.
      client: {
        clientId: secrets.linkedin.clientId ?? "local-linkedin-client",
        clientSecret: secrets.linkedin.clientSecret,
      },
      clock,
    }),
    startSandboxYouTube({
      tokens: secrets.youtube.tokens,
      client: clientOf(secrets.youtube, "local-youtube-client"),
      clock,
    }),
  ]);
  return {
    x,
    linkedin,
    youtube,
    stop: async () => {
      await Promise.all([x.stop(), linkedin.stop(), youtube.stop()]);
    },
  };
}

/** The clients Lambda would build, pointed at the sandboxes; YouTube's debit the given quota ledger. */
export function sandboxClients(
  sandboxes: PlatformSandboxes,
  secrets: PlatformSecrets,
  clock: Clock,
  ledger: QuotaLedger,
) {
  const youtubeApi = createYouTubeApi({
    baseUrl: sandboxes.youtube.baseUrl,
    tokenFor: async (channelId) => secrets.youtube.tokens[channelId]?.accessToken,
    ledger,
    clock,
  });
  const adapters: Partial<Record<Platform, PlatformActions>> = {
    x: createXActions({
      baseUrl: sandboxes.x.baseUrl,
      tokenFor: async (accountId) => secrets.x.tokens[accountId]?.accessToken,
      clock,
    }),
    linkedin: createLinkedInActions({
      baseUrl: sandboxes.linkedin.baseUrl,
      version: linkedInVersion,
      tokenFor: async (organizationId) => secrets.linkedin.tokens[organizationId]?.accessToken,
      clock,
    }),
    youtube: createYouTubeActions(youtubeApi),
  };
  return { adapters, youtubeApi };
}
