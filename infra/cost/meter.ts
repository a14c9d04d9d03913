import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type AttributeValue, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { GlobalIndexSpec, TableSpec } from "@sentinella/aws";
import { itemSize } from "./item-size";

type Item = Record<string, AttributeValue>;

/** Units one request consumed, by table and by index (`<table>/<index>`), as DynamoDB on-demand would bill them. */
export interface Units {
  calls: number;
  wru: number;
  rru: number;
  byTable: Record<string, { calls: number; wru: number; rru: number }>;
}

const emptyUnits = (): Units => ({ calls: 0, wru: 0, rru: 0, byTable: {} });

const kb = 1024;
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / kb));
/** Eventually consistent reads are half a unit per 4 KB, strongly consistent ones a whole unit. */
const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / (4 * kb))) * (consistent ? 1 : 0.5);

/** An index's copy of an item: undefined when the item lacks an index key (a sparse index holds no entry). */
export function indexEntry(table: TableSpec, index: GlobalIndexSpec, item: Item | undefined): Item | undefined {
  if (!item) return undefined;
  const keys = [table.partitionKey, table.sortKey, index.partitionKey, index.sortKey].flatMap((k) =>
    k ? [k.name] : [],
  );
  if (!(index.partitionKey.name in item) || (index.sortKey && !(index.sortKey.name in item))) return undefined;
  const projection = index.projection ?? "all";
  if (projection === "all") return item;
  const names = new Set([...keys, ...(projection === "keys" ? [] : projection)]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)));
}

const same = (a: Item | undefined, b: Item | undefined) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const sorted = (item: Item | undefined) =>
  item && Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Write units of one item write (DynamoDB developer guide, "Capacity unit consumption for writes" and "Provisioned
 * throughput considerations for global secondary indexes"): the larger of the item before and after, per KB; for
 * each index, a put of the new entry, a delete of the old one, both when the index key changed, one write of the
 * larger when only a projected attribute changed, nothing when the entry is untouched or absent.
 * `written` false: the condition failed, which still costs the item's size on the table and nothing on indexes.
 */
export function itemWriteUnits(
  table: TableSpec,
  before: Item | undefined,
  after: Item | undefined,
  written = true,
): { table: number; indexes: Record<string, number> } {
  const tableUnits = writeUnits(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0));
  const indexes: Record<string, number> = {};
  if (!written) return { table: tableUnits, indexes };
  for (const index of table.globalIndexes) {
    const old = indexEntry(table, index, before);
    const fresh = indexEntry(table, index, after);
    const keyOf = (entry: Item) =>
      JSON.stringify([entry[index.partitionKey.name], index.sortKey && entry[index.sortKey.name]]);
    let units = 0;
    if (old && fresh && keyOf(old) !== keyOf(fresh)) units = writeUnits(itemSize(old)) + writeUnits(itemSize(fresh));
    else if (old && fresh) units = same(old, fresh) ? 0 : writeUnits(Math.max(itemSize(old), itemSize(fresh)));
    else if (old) units = writeUnits(itemSize(old));
    else if (fresh) units = writeUnits(itemSize(fresh));
    if (units) indexes[index.indexName] = units;
  }
  return { table: tableUnits, indexes };
}

export interface Meter {
  endpoint: string;
  /** What was consumed since the last `take`, and a fresh count from now on. */
  take(): Units;
  stop(): Promise<void>;
}

interface Written {
  table: string;
  key: Item;
  /** Transactions bill every write twice. */
  factor: number;
}

/**
 * A DynamoDB endpoint in front of DynamoDB Local that bills every request as DynamoDB on-demand would. DynamoDB
 * Local's own ConsumedCapacity under-reports (transactions, index writes), so writes are sized here: the item is
 * read before and after (writes are serialised so the two images belong to that write) and priced by
 * `itemWriteUnits`. Reads of items (GetItem, BatchGetItem) are sized from what came back; a Query or Scan by what
 * DynamoDB Local reports for it, which is the size of what it read before any filter.
 */
export async function startMeter(target: string, specFor: (tableName: string) => TableSpec): Promise<Meter> {
  const raw = new DynamoDBClient({
    endpoint: target,
    region: "eu-south-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  let units = emptyUnits();
  let writes: Promise<unknown> = Promise.resolve();

  const add = (table: string, change: { wru?: number; rru?: number; calls?: number }) => {
    units.byTable[table] ??= { calls: 0, wru: 0, rru: 0 };
    const entry = units.byTable[table];
    entry.calls += change.calls ?? 0;
    entry.wru += change.wru ?? 0;
    entry.rru += change.rru ?? 0;
    units.calls += change.calls ?? 0;
    units.wru += change.wru ?? 0;
    units.rru += change.rru ?? 0;
  };
  const read = async (table: string, key: Item) =>
    (await raw.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  const keyOf = (spec: TableSpec, item: Item) =>
    Object.fromEntries([spec.partitionKey, spec.sortKey].flatMap((k) => (k ? [[k.name, item[k.name]]] : []))) as Item;

  async function forward(request: IncomingMessage, body: string) {
    const response = await fetch(target, {
      method: "POST",
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name)),
      ) as Record<string, string>,
      body,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  function writtenItems(operation: string, input: Record<string, unknown>): Written[] | undefined {
    const one = (table: string, item: Item | undefined, key: Item | undefined, factor: number): Written => ({
      table,
      key: key ?? keyOf(specFor(table), item ?? {}),
      factor,
    });
    if (operation === "PutItem") return [one(input.TableName as string, input.Item as Item, undefined, 1)];
    if (operation === "UpdateItem" || operation === "DeleteItem")
      return [one(input.TableName as string, undefined, input.Key as Item, 1)];
    if (operation === "BatchWriteItem")
      return Object.entries(
        input.RequestItems as Record<string, Record<string, { Item?: Item; Key?: Item }>[]>,
      ).flatMap(([table, requests]) => requests.map((r) => one(table, r.PutRequest?.Item, r.DeleteRequest?.Key, 1)));
    if (operation === "TransactWriteItems")
      return (input.TransactItems as Record<string, { TableName: string; Item?: Item; Key?: Item }>[]).map((entry) => {
        const [, op] = Object.entries(entry)[0] as [string, { TableName: string; Item?: Item; Key?: Item }];
        return one(op.TableName, op.Item, op.Key, 2);
      });
    return undefined;
  }

  async function meterWrite(request: IncomingMessage, body: string, items: Written[]) {
    const before = await Promise.all(items.map((w) => read(w.table, w.key)));
    const response = await forward(request, body);
    const after = await Promise.all(items.map((w) => read(w.table, w.key)));
    items.forEach((w, i) => {
      const spec = specFor(w.table);
      const written = response.status === 200;
      const cost = itemWriteUnits(spec, before[i], written ? after[i] : before[i], written);
      add(w.table, { wru: cost.table * w.factor });
      for (const [index, indexUnits] of Object.entries(cost.indexes))
        add(`${w.table}/${index}`, { wru: indexUnits * w.factor });
    });
    add(items[0]?.table ?? "?", { calls: 1 });
    return response;
  }

  async function meterRead(operation: string, input: Record<string, unknown>, request: IncomingMessage, body: string) {
    if (operation === "Query" || operation === "Scan") {
      const response = await forward(request, JSON.stringify({ ...input, ReturnConsumedCapacity: "TOTAL" }));
      const output = JSON.parse(response.text || "{}");
      const table = input.IndexName ? `${input.TableName}/${input.IndexName}` : (input.TableName as string);
      add(table, { calls: 1, rru: output.ConsumedCapacity?.CapacityUnits ?? 0 });
      if (!input.ReturnConsumedCapacity) delete output.ConsumedCapacity;
      return { ...response, text: JSON.stringify(output) };
    }
    const response = await forward(request, body);
    const output = JSON.parse(response.text || "{}");
    if (operation === "GetItem") {
      const item = output.Item as Item | undefined;
      add(input.TableName as string, {
        calls: 1,
        rru: readUnits(item ? itemSize(item) : 0, input.ConsistentRead === true),
      });
    } else if (operation === "BatchGetItem") {
      const requested = input.RequestItems as Record<string, { ConsistentRead?: boolean }>;
      for (const [table, items] of Object.entries((output.Responses ?? {}) as Record<string, Item[]>)) {
        const consistent = requested[table]?.ConsistentRead === true;
        add(table, { rru: items.reduce((sum, item) => sum + readUnits(itemSize(item), consistent), 0) });
      }
      add(Object.keys(requested)[0] ?? "?", { calls: 1 });
    }
    return response;
  }

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const operation = String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    try {
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const items = writtenItems(operation, input);
      let answer: Awaited<ReturnType<typeof forward>>;
      if (items) {
        const metered = writes.then(() => meterWrite(request, body, items));
        writes = metered.catch(() => undefined);
        answer = await metered;
      } else if (["GetItem", "BatchGetItem", "Query", "Scan"].includes(operation)) {
        answer = await meterRead(operation, input, request, body);
      } else {
        answer = await forward(request, body); // table administration: not billed per request
      }
      response.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "application/x-amz-json-1.0",
      });
      response.end(answer.text);
    } catch (error) {
      response.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
      response.end(JSON.stringify({ __type: "com.amazonaws.dynamodb#InternalServerError", message: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take() {
      const taken = units;
      units = emptyUnits();
      return taken;
    },
    async stop() {
      raw.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
