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
  return (await batchGet(document, tableName, keys)) as Row[];
}

/** `batchGetRows` for any key schema: the items with these keys (all of one shape), in the keys' order. */
export async function batchGet<Key extends Record<string, string>>(
  document: DynamoDBDocumentClient,
  tableName: string,
  keys: Key[],
): Promise<(Key & Record<string, unknown>)[]> {
  const names = Object.keys(keys[0] ?? {});
  const idOf = (key: Record<string, unknown>) => names.map((name) => key[name]).join("\n");
  const found = new Map<string, Key & Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
    while (pending && pending.length > 0) {
      const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await document.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
      );
      for (const row of (Responses?.[tableName] ?? []) as (Key & Record<string, unknown>)[]) found.set(idOf(row), row);
      pending = UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return keys.map((key) => found.get(idOf(key))).filter((row) => row !== undefined);
}
