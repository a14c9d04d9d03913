import type { Logger } from "@aws-lambda-powertools/logger";
import {
  type Clock,
  type EntityDeployment,
  type Item,
  type ItemQueue,
  itemVersionKey,
  PlatformError,
  type StaffAlerts,
} from "@sentinella/core";
import {
  type PollCursors,
  type QuotaBudget,
  type QuotaLedger,
  quotaCeiling,
  quotaDay,
  type YouTubeApi,
} from "@sentinella/platforms";
import { type YouTubeThread, youTubeActivity, youTubeItem } from "@sentinella/webhooks";

export interface PollerSettings {
  /** Pages of threads one run reads per channel at most (1 unit each); the rest wait for the next run. */
  maxPagesPerChannel: number;
  /** A channel polled for the first time: how far back its comments are taken (no backfill of its history). */
  firstLookbackMinutes: number;
  /** Staff are told once a day when polling has spent this share of its units. */
  shortShare: number;
}

export const defaultPollerSettings: PollerSettings = {
  maxPagesPerChannel: 10,
  firstLookbackMinutes: 60,
  shortShare: 0.9,
};

export interface PollerDeps {
  youtube: YouTubeApi;
  cursors: PollCursors;
  ledger: QuotaLedger;
  budget: QuotaBudget;
  queue: ItemQueue;
  deployments: readonly EntityDeployment[];
  alerts: StaffAlerts;
  clock: Clock;
  logger: Pick<Logger, "info" | "warn" | "error">;
  settings?: Partial<PollerSettings>;
}

export interface PollReport {
  channels: number;
  pages: number;
  queued: number;
  /** Channels not (fully) read this run: quota, throttling, an API error. */
  skipped: number;
}

/**
 * One YouTube poll (EventBridge, every 5 minutes), for every deployed channel: list its comment threads newest first
 * (`allThreadsRelatedToChannelId`), page until the cursor (what the last run saw), fetch the replies a thread does
 * not carry, queue every new or edited comment on the item queue as ingress does, then move the cursor. Queued
 * before the cursor moves: a crash re-queues, and the classifier's idempotency makes that harmless. Every call is
 * debited from the daily quota ledger out of the polling share; when it runs out, staff hear once a day.
 */
export function createYouTubePoller(deps: PollerDeps): () => Promise<PollReport> {
  const settings = { ...defaultPollerSettings, ...deps.settings };
  const { youtube, cursors, queue, logger } = deps;

  async function tellStaff(entityId: string, day: string, reason: "exhausted" | "short", spent: number) {
    const ceiling = quotaCeiling(deps.budget, "poll");
    const text =
      reason === "exhausted"
        ? `Quota giornaliera YouTube per la lettura esaurita (${spent} di ${ceiling} unità): i nuovi commenti saranno letti dopo la mezzanotte del Pacifico (le 9:00 in Italia). Le unità riservate a nascondere e rispondere restano disponibili.`
        : `Quota giornaliera YouTube in esaurimento: ${spent} di ${ceiling} unità di lettura usate oggi.`;
    await deps.alerts.notify({
      entityId,
      reason: "channel_down",
      itemKey: `quota#youtube#${day}#${reason}`,
      platform: "youtube",
      categories: [],
      redactedText: text,
      done: [],
    });
  }

  /**
   * A thread's comments, the top-level one and all its replies (those the thread leaves out fetched with
   * comments.list), or `undefined` when nothing in it moved since the cursor.
   */
  async function commentsOf(thread: YouTubeThread, channelId: string, watermark: string) {
    const top = thread.snippet.topLevelComment;
    let replies = thread.replies?.comments ?? [];
    if (thread.snippet.totalReplyCount > replies.length) {
      replies = [];
      let pageToken: string | undefined;
      do {
        const page = await youtube.listReplies(channelId, top.id, pageToken);
        replies.push(...page.items);
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
    const all = [
      top,
      ...replies.map((r) => ({ ...r, snippet: { ...r.snippet, parentId: r.snippet.parentId ?? top.id } })),
    ];
    return all.some((comment) => youTubeActivity(comment) >= watermark) ? all : undefined;
  }

  async function pollChannel(entityId: string, channelId: string, report: PollReport) {
    const now = deps.clock.now();
    const cursor = (await cursors.get(channelId)) ?? {
      watermark: new Date(now.getTime() - settings.firstLookbackMinutes * 60_000).toISOString(),
      seenAtWatermark: [],
    };
    const seen = new Set(cursor.seenAtWatermark);
    const fresh: { item: Item; activity: string }[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < settings.maxPagesPerChannel; page++) {
      const threads = await youtube.listThreads(channelId, pageToken);
      report.pages += 1;
      let reachedCursor = false;
      for (const thread of threads.items) {
        const comments = await commentsOf(thread, channelId, cursor.watermark);
        if (!comments) {
          // Newest first: this thread and every one after it were read by an earlier run.
          reachedCursor = true;
          break;
        }
        for (const comment of comments) {
          const activity = youTubeActivity(comment);
          const item = youTubeItem(comment, { entityId, channelId, videoId: thread.snippet.videoId, receivedAt: now });
          if (activity < cursor.watermark || (activity === cursor.watermark && seen.has(itemVersionKey(item))))
            continue;
          fresh.push({ item, activity });
        }
      }
      pageToken = threads.nextPageToken;
      if (reachedCursor || !pageToken) break;
    }
    if (fresh.length > 0) await queue.enqueue(fresh.map(({ item }) => item));
    report.queued += fresh.length;
    // biome-ignore lint/complexity/useMathMinMax: ISO timestamps, compared as strings
    const watermark = fresh.reduce((newest, { activity }) => (activity > newest ? activity : newest), cursor.watermark);
    const atWatermark = fresh.filter(({ activity }) => activity === watermark).map(({ item }) => itemVersionKey(item));
    await cursors.put(channelId, {
      watermark,
      seenAtWatermark: watermark === cursor.watermark ? [...seen, ...atWatermark] : atWatermark,
    });
    if (fresh.length > 0) logger.info("YouTube comments queued", { channelId, items: fresh.length });
  }

  return async () => {
    const report: PollReport = { channels: 0, pages: 0, queued: 0, skipped: 0 };
    const channels = deps.deployments.flatMap((deployment) =>
      deployment.accounts
        .filter((account) => account.platform === "youtube")
        .map((account) => ({ entityId: deployment.entityId, channelId: account.accountId })),
    );
    for (const { entityId, channelId } of channels) {
      report.channels += 1;
      try {
        await pollChannel(entityId, channelId, report);
      } catch (error) {
        report.skipped += 1;
        if (error instanceof PlatformError && error.code === "quota_reserved") {
          const now = deps.clock.now();
          await tellStaff(entityId, quotaDay(now), "exhausted", await deps.ledger.spent(now));
          logger.warn("YouTube polling share of the quota spent: channel not read", { channelId });
          continue;
        }
        logger.error("YouTube channel not polled", { channelId, error });
      }
    }
    const now = deps.clock.now();
    const spent = await deps.ledger.spent(now);
    if (channels.length > 0 && spent >= settings.shortShare * quotaCeiling(deps.budget, "poll")) {
      for (const entityId of new Set(channels.map((c) => c.entityId))) {
        await tellStaff(entityId, quotaDay(now), "short", spent);
      }
    }
    logger.info("YouTube poll done", { ...report });
    return report;
  };
}
