import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type AccountToken, LinkedInSecrets, XSecrets, YouTubeSecrets } from "@sentinella/core";
import type { PlatformTokens, RenewalLease, TokenPlatform, TokenStore } from "@sentinella/platforms";

const schemas = { x: XSecrets, linkedin: LinkedInSecrets, youtube: YouTubeSecrets } as const;

/**
 * The platforms' tokens in their Secrets Manager secrets, read fresh (not the cold-start copy) and written one token
 * at a time: read the current JSON, replace `tokens.<account>`, put it back as a new version, so whatever else the
 * secret holds (the signing secret, other accounts, fields Sentinella does not know) stays as it is.
 */
export class SecretsManagerTokenStore implements TokenStore {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly arns: Partial<Record<TokenPlatform, string>>,
  ) {}

  private async raw(platform: TokenPlatform): Promise<Record<string, unknown> | undefined> {
    const arn = this.arns[platform];
    if (!arn) return undefined;
    const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: arn }));
    return SecretString ? (JSON.parse(SecretString) as Record<string, unknown>) : undefined;
  }

  async tokens(platform: TokenPlatform): Promise<PlatformTokens | undefined> {
    const raw = await this.raw(platform);
    const parsed = raw && schemas[platform].safeParse(raw);
    return parsed?.success ? parsed.data : undefined;
  }

  async saveToken(platform: TokenPlatform, accountId: string, token: AccountToken): Promise<void> {
    const raw = await this.raw(platform);
    if (!raw) throw new Error(`the ${platform} secret is gone`);
    const tokens = { ...(raw.tokens as Record<string, unknown> | undefined), [accountId]: token };
    await this.client.send(
      new PutSecretValueCommand({ SecretId: this.arns[platform], SecretString: JSON.stringify({ ...raw, tokens }) }),
    );
  }
}

/**
 * The renewal lease: one row in the poller table ("lease#token-renewal"), put only when absent or expired. It lasts
 * longer than a scheduler run can; a run that died leaves it to expire.
 */
export class DynamoRenewalLease implements RenewalLease {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly seconds = 300,
  ) {}

  async acquire(now: Date): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.document.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: "lease#token-renewal", until: nowSeconds + this.seconds, expiresAt: nowSeconds + 86400 },
          ConditionExpression: "attribute_not_exists(pk) OR #until < :now",
          ExpressionAttributeNames: { "#until": "until" },
          ExpressionAttributeValues: { ":now": nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(): Promise<void> {
    await this.document.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: "lease#token-renewal" } }));
  }
}
