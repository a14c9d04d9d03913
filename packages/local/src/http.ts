import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { lambdaContext } from "./lambda-context";

export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LocalHttpApi {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves a Lambda handler on loopback the way an API Gateway HTTP API (payload format 2.0) invokes it:
 * the request becomes an APIGatewayProxyEventV2 with the body bytes untouched (base64 when they are not
 * text), and the handler's result is written back as API Gateway would write it.
 */
export async function serveHttpApi(
  handler: HttpApiHandler,
  options: { functionName: string; timeoutSeconds: number; port?: number; onError?: (error: unknown) => void },
): Promise<LocalHttpApi> {
  const onError = options.onError ?? ((error) => console.error(`${options.functionName}:`, error));
  const server = createServer(async (request, response) => {
    try {
      const event = await toEvent(request);
      const result = await handler(event, lambdaContext(options.functionName, options.timeoutSeconds));
      writeResult(response, result);
    } catch (error) {
      onError(error);
      // What API Gateway answers when the integration fails.
      writeResult(response, { statusCode: 500, body: JSON.stringify({ message: "Internal Server Error" }) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function toEvent(request: IncomingMessage): Promise<APIGatewayProxyEventV2> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const url = new URL(request.url ?? "/", "http://localhost");
  const rawQueryString = url.search.slice(1);
  const headers: Record<string, string> = {};
  // HTTP API joins repeated headers with commas and hands cookies over separately.
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] as string).toLowerCase();
    const value = request.rawHeaders[i + 1] as string;
    if (name === "cookie") continue;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const cookies = request.headers.cookie?.split(/;\s*/);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  const text = isText(headers["content-type"]) ? raw.toString("utf8") : undefined;
  // Only bodies that survive a UTF-8 round trip go as text: the signature is computed over these exact bytes.
  const asText = text !== undefined && Buffer.from(text, "utf8").equals(raw);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString,
    cookies,
    headers,
    queryStringParameters: rawQueryString ? query : undefined,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "127.0.0.1",
      domainPrefix: "local",
      http: {
        method: request.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: raw.length === 0 ? undefined : asText ? text : raw.toString("base64"),
    isBase64Encoded: raw.length > 0 && !asText,
  };
}

function isText(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return /^\s*(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)\b|[^;]*\+(json|xml)\b)/i.test(
    contentType,
  );
}

/** A structured result as given; any other value is sent as JSON with status 200 (HTTP API's inferred format). */
function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === "object" && result !== null && "statusCode" in result
      ? result
      : { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(result) };
  for (const [name, value] of Object.entries(structured.headers ?? {})) response.setHeader(name, String(value));
  if (structured.cookies?.length) response.setHeader("set-cookie", structured.cookies);
  if (!response.hasHeader("content-type") && structured.body) response.setHeader("content-type", "application/json");
  response.statusCode = structured.statusCode ?? 200;
  response.end(structured.body && Buffer.from(structured.body, structured.isBase64Encoded ? "base64" : "utf8"));
}
