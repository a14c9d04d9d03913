import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export type Row = Record<string, unknown> & { pk: string; sk: string };

/**
 * The rows with these keys, in the keys' order (BatchGetItem reads up to 100 keys a call, in any order): what a
 * keys-only index entry points to, read back whole.
 */
export async function batchGetRows(
  document: DynamoDBDocumentClient,
  tableName: string,
  keys: { pk: string; sk: string }[],
): Promise<Row[]> {
  const found = new Map<string, Row>();
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
    while (pending && pending.length > 0) {
      const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await document.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
      );
      for (const row of (Responses?.[tableName] ?? []) as Row[]) found.set(`${row.pk}\n${row.sk}`, row);
      pending = UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return keys.flatMap((key) => found.get(`${key.pk}\n${key.sk}`) ?? []);
}
