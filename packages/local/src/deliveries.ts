import { readFile } from "node:fs/promises";
import {
  type CorpusItem,
  type EntityDeployment,
  itemKey,
  type MetaSecrets,
  type Platform,
  parseCorpus,
} from "@sentinella/core";
import { deliverLinkedInWebhook, linkedInWebhook } from "./linkedin-webhooks";
import { deliverWebhook, metaWebhook } from "./meta-webhooks";
import type { PlatformSecrets } from "./platform-sandboxes";
import { deliverXWebhook, xWebhook } from "./x-webhooks";

/** A corpus item as a citizen posted it: which body, where, what kind, what text. */
export interface CorpusPost {
  id: string;
  entity: string;
  platform: string;
  kind: string;
  text: string;
  authorName: string;
  /** When it was posted: now, unless the demo asks for a question left earlier (`--asked`). */
  createdAt?: Date;
}

/** The first `limit` items of a corpus in JSON Lines, to deliver as posted (never their labels). */
export async function readCorpusLines(file: string, limit?: number): Promise<CorpusItem[]> {
  return parseCorpus(await readFile(file, "utf8"), file).slice(0, limit);
}

/** A corpus line as posted, by its author's name (or a generic one). */
export const postOf = (line: CorpusItem): CorpusPost => ({ ...line, authorName: line.author?.name ?? "Utente" });

/** Where a running pipeline takes each platform's deliveries, the accounts it runs and the secrets to sign with. */
export interface DeliveryTarget {
  webhookUrls: { meta: string; x: string; linkedin?: string };
  /** The sandbox YouTube Data API, where a citizen's comment is written for the poller to find. */
  youTubeSandboxUrl?: string;
  deployments: readonly EntityDeployment[];
  secrets: MetaSecrets;
  platformSecrets: PlatformSecrets;
}

export interface Delivery {
  /** The item key the decision will be filed under. */
  key: string;
  /** The platform the item went to: its own, or the entity's Facebook Page when the run has no account there. */
  platform: Platform;
  /** The platform's answer (its HTTP status). */
  send(): Promise<Response>;
}

/**
 * The corpus item delivered the way its own platform delivers it to the entity's account in the running pipeline:
 * a signed X Account Activity event, a comment written on the sandbox YouTube channel for the poller to read, or a
 * signed Meta webhook (Page `feed`, Instagram `comments`, `messaging`).
 * Items of a platform the entity has no account on in this run go to its Page (so their text is still judged);
 * `undefined` when it has no account at all. `run` keeps ids of successive demo runs apart.
 */
export function deliveryOf(
  post: CorpusPost,
  run: string,
  sequence: number,
  target: DeliveryTarget,
): Delivery | undefined {
  const accounts = target.deployments.find((d) => d.entityId === post.entity)?.accounts ?? [];
  const createdAt = post.createdAt ?? new Date();
  const authorId = `u-${run}-${Buffer.from(post.authorName).toString("hex").slice(0, 16)}`;
  const xAccount = post.platform === "x" ? accounts.find((a) => a.platform === "x") : undefined;
  const channel = post.platform === "youtube" ? accounts.find((a) => a.platform === "youtube") : undefined;
  const organization = post.platform === "linkedin" ? accounts.find((a) => a.platform === "linkedin") : undefined;
  const linkedInUrl = target.webhookUrls.linkedin;
  if (organization && linkedInUrl) {
    // A member's comment on the organisation's post, notified as ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS does.
    const postUrn = `urn:li:activity:${run}`;
    const id = `${run}${String(sequence).padStart(6, "0")}`;
    const comment = `urn:li:comment:(${postUrn},${id})`;
    const payload = linkedInWebhook({
      action: "COMMENT",
      accountId: organization.accountId,
      notificationId: id,
      post: postUrn,
      comment,
      author: `urn:li:person:${authorId}`,
      text: post.text,
      createdAt,
    });
    return {
      key: itemKey({ platform: "linkedin", accountId: organization.accountId, itemId: comment }),
      platform: "linkedin",
      send: () => deliverLinkedInWebhook(linkedInUrl, payload, target.platformSecrets.linkedin.clientSecret),
    };
  }
  if (channel && target.youTubeSandboxUrl) {
    // YouTube sends nothing: the comment is written on the channel, and the poller finds it on its next run.
    const id = `Ugz${run}${sequence}`;
    const comment = {
      id,
      channelId: channel.accountId,
      videoId: `video-${run}`,
      text: post.text,
      authorChannelId: `UC${authorId}`,
      authorDisplayName: `@${post.authorName.replace(/\W+/g, "_")}`,
      ...(post.createdAt && { publishedAt: post.createdAt.toISOString() }),
    };
    return {
      key: itemKey({ platform: "youtube", accountId: channel.accountId, itemId: id }),
      platform: "youtube",
      send: () =>
        fetch(`${target.youTubeSandboxUrl}/_sandbox/comments`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(comment),
        }),
    };
  }
  if (xAccount) {
    const kind = post.kind === "mention" ? "mention" : post.kind === "message" ? "message" : "comment";
    const id = `${run}${String(sequence).padStart(6, "0")}`;
    const payload = xWebhook({
      kind,
      accountId: xAccount.accountId,
      id,
      inReplyTo: `${run}000000`,
      author: { id: authorId, screenName: post.authorName.replace(/\W+/g, "_") },
      text: post.text,
      createdAt,
    });
    return {
      key: itemKey({ platform: "x", accountId: xAccount.accountId, itemId: id }),
      platform: "x",
      send: () => deliverXWebhook(target.webhookUrls.x, payload, target.platformSecrets.x.consumerSecret),
    };
  }
  const wanted = post.platform === "instagram" ? "instagram" : "facebook";
  // An entity run without an Instagram account (a --config) still gets its Instagram items, on its Page.
  const account = accounts.find((a) => a.platform === wanted) ?? accounts.find((a) => a.platform === "facebook");
  if (!account || (account.platform !== "facebook" && account.platform !== "instagram")) return undefined;
  const { platform, accountId } = account;
  const kind = post.kind === "reply" || post.kind === "message" ? post.kind : "comment";
  const postId = `${run}${sequence}`;
  const id = kind === "message" ? `m_${run}_${post.id}` : `${postId}_${post.id}`;
  const payload = metaWebhook({
    platform,
    kind,
    accountId,
    id,
    postId: platform === "facebook" ? `${accountId}_${postId}` : postId,
    parentId: kind === "reply" ? `${postId}_parent` : undefined,
    author: { id: authorId, name: post.authorName },
    text: post.text,
    createdAt,
  });
  return {
    key: itemKey({ platform, accountId, itemId: id }),
    platform,
    send: () => deliverWebhook(target.webhookUrls.meta, payload, target.secrets.appSecret),
  };
}
