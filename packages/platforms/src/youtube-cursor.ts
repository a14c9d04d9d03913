/** Where the YouTube poller stopped on a channel: the newest activity it queued, and the item versions queued then. */
export interface PollCursor {
  /** ISO time of the newest comment activity (publication or edit) already queued. */
  watermark: string;
  /** Item version keys queued at exactly `watermark`: a later comment with the same time is still new. */
  seenAtWatermark: string[];
}

export interface PollCursors {
  get(channelId: string): Promise<PollCursor | undefined>;
  put(channelId: string, cursor: PollCursor): Promise<void>;
}

/** The in-memory twin of the DynamoDB cursors, for unit tests. */
export function inMemoryPollCursors(): PollCursors & { cursors: Map<string, PollCursor> } {
  const cursors = new Map<string, PollCursor>();
  return {
    cursors,
    get: async (channelId) => cursors.get(channelId),
    put: async (channelId, cursor) => void cursors.set(channelId, cursor),
  };
}
