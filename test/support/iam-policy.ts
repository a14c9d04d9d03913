import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** One DynamoDB request as IAM judges it: the action, the table (and index), the partition key, the attributes. */
export interface DynamoRequest {
  action: string;
  table: string;
  index?: string;
  leadingKey?: string;
  /** For writes: the attributes the request names (IAM's `dynamodb:Attributes`). */
  attributes?: string[];
}

export interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string[]>>;
  Effect?: string;
}

type Value = string | { S?: string } | undefined;
type Wire = Record<string, unknown> & {
  TableName: string;
  IndexName?: string;
  Key?: Record<string, Value>;
  Item?: Record<string, Value>;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, Value>;
};

/** A string attribute as a request carries it: plain (document client) or typed (the wire). */
const text = (value: Value) => (typeof value === "string" ? value : value?.S);

/** Records every request a client sends, as IAM sees it: its action, table or index, partition key, attributes. */
export function recordRequests(client: DynamoDBClient): DynamoRequest[] {
  const requests: DynamoRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Wire;
      const action = `dynamodb:${String(context.commandName).replace(/Command$/, "")}`;
      // A Query's partition key is the first value of its key condition (":pk" in every Query Sentinella sends).
      const leadingKey =
        text((input.Key ?? input.Item)?.pk) ?? text(Object.values(input.ExpressionAttributeValues ?? {})[0]);
      const written =
        action === "dynamodb:UpdateItem"
          ? [...Object.keys(input.Key ?? {}), ...Object.values(input.ExpressionAttributeNames ?? {})]
          : input.Item && Object.keys(input.Item);
      requests.push({
        action,
        table: input.TableName,
        ...(input.IndexName ? { index: input.IndexName } : {}),
        ...(leadingKey && !input.IndexName ? { leadingKey } : {}),
        ...(written ? { attributes: written } : {}),
      });
      return next(args);
    },
    { step: "initialize", name: "recordRequests" },
  );
  return requests;
}

const escaped = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
const glob = (pattern: string) => new RegExp(`^${pattern.split("*").map(escaped).join(".*")}$`);

/** Whether a statement's conditions hold for a request (the two operators Sentinella's policies use). */
function conditionsHold(statement: Statement, request: DynamoRequest): boolean {
  for (const [operator, tests] of Object.entries(statement.Condition ?? {})) {
    for (const [key, allowed] of Object.entries(tests)) {
      const values = key === "dynamodb:LeadingKeys" ? [request.leadingKey ?? ""] : (request.attributes ?? []);
      const match =
        operator === "ForAllValues:StringLike"
          ? (value: string) => allowed.some((pattern) => glob(pattern).test(value))
          : operator === "ForAllValues:StringEquals"
            ? (value: string) => allowed.includes(value)
            : () => false;
      if (!values.every(match)) return false;
    }
  }
  return true;
}

/**
 * The statements of a synthesised policy that allow a request. `tableId` gives the logical id of the table the
 * request names (a template names tables by logical id, in its own stack or through a cross-stack import).
 */
export function allowingStatements(
  statements: readonly Statement[],
  request: DynamoRequest,
  tableId: (tableName: string) => string,
): Statement[] {
  const id = tableId(request.table);
  return statements.filter((statement) => {
    if (statement.Effect && statement.Effect !== "Allow") return false;
    if (![statement.Action].flat().includes(request.action)) return false;
    const resources = [statement.Resource].flat().map((resource) => JSON.stringify(resource));
    const onResource = resources.some(
      (resource) =>
        resource.includes(id) &&
        (request.index ? resource.includes(`/index/${request.index}`) : !resource.includes("/index/")),
    );
    return onResource && conditionsHold(statement, request);
  });
}
