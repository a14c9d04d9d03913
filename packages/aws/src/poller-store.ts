import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type HandshakeLog,
  type HandshakeRoute,
  type PollCursor,
  type PollCursors,
  type QuotaBudget,
  type QuotaLedger,
  quotaCeiling,
  quotaDay,
} from "@sentinella/platforms";

/** The poller table's handshake rows: ingress may write those and no other (its IAM condition names the prefix). */
export const handshakePrefix = "handshake#";

/** Quota rows outlive their day by a week: enough to look back at a bad day. */
const quotaRetentionSeconds = 8 * 86400;

/** The YouTube poller's cursors in the poller table (pk "cursor#<channel id>"). */
export class DynamoPollCursors implements PollCursors {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(channelId: string): Promise<PollCursor | undefined> {
    const { Item } = await this.document.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `cursor#${channelId}` }, ConsistentRead: true }),
    );
    return Item
      ? { watermark: Item.watermark as string, seenAtWatermark: (Item.seenAtWatermark as string[]) ?? [] }
      : undefined;
  }

  async put(channelId: string, cursor: PollCursor): Promise<void> {
    await this.document.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: `cursor#${channelId}`, ...cursor } }),
    );
  }
}

/**
 * The daily YouTube quota ledger in the poller table (pk "quota#<Pacific day>", attribute `spent`): one atomic
 * ADD per debit, conditional on the purpose's ceiling, so concurrent pollers, classifiers and schedulers never
 * overspend between them.
 */
export class DynamoQuotaLedger implements QuotaLedger {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly budget: QuotaBudget,
  ) {}

  async debit(units: number, purpose: "poll" | "action", at: Date) {
    const day = quotaDay(at);
    try {
      const { Attributes } = await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `quota#${day}` },
          UpdateExpression: "ADD spent :units SET expiresAt = if_not_exists(expiresAt, :expires)",
          ConditionExpression: "attribute_not_exists(spent) OR spent <= :most",
          ExpressionAttributeValues: {
            ":units": units,
            ":most": quotaCeiling(this.budget, purpose) - units,
            ":expires": Math.floor(at.getTime() / 1000) + quotaRetentionSeconds,
          },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return { granted: true, spent: Attributes?.spent as number };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { granted: false, spent: await this.spent(at) };
      throw error;
    }
  }

  async spent(at: Date): Promise<number> {
    const { Item } = await this.document.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `quota#${quotaDay(at)}` }, ConsistentRead: true }),
    );
    return (Item?.spent as number | undefined) ?? 0;
  }
}

/** When each webhook route last answered its platform's handshake, in the poller table (pk "handshake#<route>"). */
export class DynamoHandshakeLog implements HandshakeLog {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async answered(route: HandshakeRoute, at: Date): Promise<void> {
    await this.document.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `${handshakePrefix}${route}`, answeredAt: at.toISOString() },
      }),
    );
  }

  async lastAnswered(route: HandshakeRoute): Promise<string | undefined> {
    const { Item } = await this.document.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `${handshakePrefix}${route}` } }),
    );
    return Item?.answeredAt as string | undefined;
  }
}
