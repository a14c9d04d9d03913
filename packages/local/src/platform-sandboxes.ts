import { randomBytes } from "node:crypto";
import type { Clock, EntityDeployment, Platform, PlatformActions, XSecrets } from "@sentinella/core";
import { createXActions } from "@sentinella/platforms";
import { type SandboxX, startSandboxX } from "./sandbox-x";

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
}

const accountsOn = (deployments: readonly EntityDeployment[], platform: Platform) =>
  deployments.flatMap((d) => d.accounts.filter((a) => a.platform === platform).map((a) => a.accountId));

/** Random signing secrets; a token per deployed account, "local-<platform>-token-<account>". */
export function generatePlatformSecrets(deployments: readonly EntityDeployment[]): PlatformSecrets {
  const random = () => randomBytes(16).toString("hex");
  const tokens = (platform: Platform) =>
    Object.fromEntries(
      accountsOn(deployments, platform).map((id) => [id, { accessToken: `local-${platform}-token-${id}` }]),
    );
  return { x: { consumerSecret: random(), tokens: tokens("x") } };
}

/** The loopback platform APIs besides Graph, and the adapters that call them as in Lambda. */
export interface PlatformSandboxes {
  x: SandboxX;
  adapters: Partial<Record<Platform, PlatformActions>>;
  stop(): Promise<void>;
}

export async function startPlatformSandboxes(secrets: PlatformSecrets, clock: Clock): Promise<PlatformSandboxes> {
  const bare = (tokens: Record<string, { accessToken: string }>) =>
    Object.fromEntries(Object.entries(tokens).map(([account, token]) => [account, token.accessToken]));
  const x = await startSandboxX({ tokens: bare(secrets.x.tokens), clock });
  return {
    x,
    adapters: {
      x: createXActions({
        baseUrl: x.baseUrl,
        tokenFor: async (accountId) => secrets.x.tokens[accountId]?.accessToken,
        clock,
      }),
    },
    stop: async () => {
      await x.stop();
    },
  };
}
