import { readFileSync } from "node:fs";
import * as z from "zod";

const Price = z.object({ usd: z.number().min(0), per: z.string(), checked: z.boolean(), source: z.url() });

/** The dated list prices `npm run cost` applies (prices-eu-south-1.json: each with its source and whether checked). */
export const PriceTable = z.object({
  region: z.string(),
  regionName: z.string(),
  currency: z.literal("USD"),
  taken: z.iso.date(),
  note: z.string(),
  prices: z.object({
    lambdaArmGbSecond: Price,
    lambdaRequests: Price,
    httpApiRequests: Price,
    sqsRequests: Price,
    dynamoWru: Price,
    dynamoRru: Price,
    dynamoStorage: Price,
    logsIngestion: Price,
    logsStorage: Price,
    customMetric: Price,
    alarm: Price,
    secret: Price,
    secretApiCalls: Price,
    eventBridgeScheduledRule: Price,
    eventBridgeScheduler: Price,
  }),
});
export type PriceTable = z.infer<typeof PriceTable>;
type Prices = PriceTable["prices"];

export function readPriceTable(file = new URL("./prices-eu-south-1.json", import.meta.url)): PriceTable {
  return PriceTable.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** One function's share: how often it runs and for how long at its memory size. */
export interface LambdaUse {
  name: string;
  invocations: number;
  gbSeconds: number;
}

/** What one comment costs in each billed unit, from the intake to the end of its reply obligation. */
export interface CommentUsage {
  httpApiRequests: number;
  sqsRequests: number;
  lambda: LambdaUse[];
  /** DynamoDB write and read request units, by who spends them. */
  wru: Record<string, number>;
  rru: Record<string, number>;
  logBytes: number;
  /** DynamoDB bytes (items, index entries and their overhead) left by the comment: billed every month they stay. */
  storageBytes: number;
}

/** What a deployment costs a month with no comment at all. */
export interface RestUsage {
  lambda: LambdaUse[];
  wru: number;
  rru: number;
  sqsRequests: number;
  logBytes: number;
  secrets: number;
  secretApiCalls: number;
  alarms: number;
  /** Custom metrics that receive a value every hour even when nothing happens. */
  metrics: number;
  scheduledRuleInvocations: number;
}

export interface CostLine {
  service: string;
  what: string;
  usd: number;
}

const million = 1e6;
const gb = 1024 ** 3;

function lambdaLines(uses: readonly LambdaUse[], prices: Prices, times: number): CostLine[] {
  return uses.flatMap((use) => [
    {
      service: "Lambda",
      what: `${use.name}: requests`,
      usd: ((use.invocations * times) / million) * prices.lambdaRequests.usd,
    },
    {
      service: "Lambda",
      what: `${use.name}: duration (arm64)`,
      usd: use.gbSeconds * times * prices.lambdaArmGbSecond.usd,
    },
  ]);
}

/** The bill of a million comments, line by line. */
export function perMillionComments(usage: CommentUsage, prices: Prices): CostLine[] {
  const dynamo = (units: Record<string, number>, price: number, kind: string) =>
    Object.entries(units).map(([who, n]) => ({
      service: "DynamoDB",
      what: `${kind}: ${who}`,
      usd: n * price, // n per comment × a million comments ÷ a million units per price
    }));
  return [
    { service: "API Gateway", what: "HTTP API requests", usd: usage.httpApiRequests * prices.httpApiRequests.usd },
    ...lambdaLines(usage.lambda, prices, million),
    { service: "SQS", what: "send, receive, delete", usd: usage.sqsRequests * prices.sqsRequests.usd },
    ...dynamo(usage.wru, prices.dynamoWru.usd, "writes"),
    ...dynamo(usage.rru, prices.dynamoRru.usd, "reads"),
    {
      service: "DynamoDB",
      what: "storage, per month kept",
      usd: ((usage.storageBytes * million) / gb) * prices.dynamoStorage.usd,
    },
    {
      service: "CloudWatch",
      what: "log ingestion",
      usd: ((usage.logBytes * million) / gb) * prices.logsIngestion.usd,
    },
  ];
}

/** The monthly floor of a deployment that receives nothing. */
export function atRest(usage: RestUsage, prices: Prices): CostLine[] {
  return [
    ...lambdaLines(usage.lambda, prices, 1),
    { service: "DynamoDB", what: "writes", usd: (usage.wru / million) * prices.dynamoWru.usd },
    { service: "DynamoDB", what: "reads", usd: (usage.rru / million) * prices.dynamoRru.usd },
    { service: "SQS", what: "event source polling", usd: (usage.sqsRequests / million) * prices.sqsRequests.usd },
    {
      service: "CloudWatch",
      what: "log ingestion and a month's retention",
      usd: (usage.logBytes / gb) * (prices.logsIngestion.usd + prices.logsStorage.usd),
    },
    { service: "CloudWatch", what: `${usage.alarms} alarms`, usd: usage.alarms * prices.alarm.usd },
    { service: "CloudWatch", what: `${usage.metrics} custom metrics`, usd: usage.metrics * prices.customMetric.usd },
    { service: "Secrets Manager", what: `${usage.secrets} secrets`, usd: usage.secrets * prices.secret.usd },
    {
      service: "Secrets Manager",
      what: "reads (once per cold start)",
      usd: (usage.secretApiCalls / 10_000) * prices.secretApiCalls.usd,
    },
    {
      service: "EventBridge",
      what: "scheduled rules",
      usd: usage.scheduledRuleInvocations * prices.eventBridgeScheduledRule.usd,
    },
  ];
}

export const total = (lines: readonly CostLine[]) => lines.reduce((sum, line) => sum + line.usd, 0);

/** A month with `comments` comments: the floor plus their share of the per-million bill. */
export const monthlyBill = (comments: number, perMillion: readonly CostLine[], rest: readonly CostLine[]) =>
  total(rest) + (comments / million) * total(perMillion);
