import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as a sandbox route sees it: the body as text and, decoded, as JSON or form fields; the bearer token. */
export interface SandboxRequest {
  method: string;
  url: URL;
  /** JSON body, or form fields as strings; `{}` when there is none or it does not parse (see `bodyError`). */
  body: Record<string, unknown>;
  /** Why the body could not be decoded, if it could not: the route answers in its platform's error shape. */
  bodyError?: string;
  /** The body came as a form (or query-like text), not JSON: its values are strings. */
  form: boolean;
  token?: string;
  headers: IncomingHttpHeaders;
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SandboxServer {
  baseUrl: string;
  /** The next `count` requests get this answer instead of being handled (a 429, a 5xx, a quota error). */
  failNext(count: number, response: SandboxResponse): void;
  /**
   * The next `count` requests take effect, then the connection is reset before the answer: the caller cannot tell
   * whether they landed (a timeout or a network fault after the platform acted).
   */
  dropNextResponses(count: number): void;
  stop(): Promise<void>;
}

/** The error a route throws to answer with a platform's error shape. */
export class SandboxRefusal extends Error {
  constructor(readonly response: SandboxResponse) {
    super(`sandbox refusal ${response.status}`);
  }
}

/**
 * A loopback HTTP server for a platform sandbox: the platform-specific part is `route`; failure injection
 * (`failNext`, `dropNextResponses`), the list of accepted calls (`GET /_sandbox/calls`, for the demo in another
 * process) and the plumbing are the same for every sandbox.
 */
export async function serveSandbox(
  route: (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>,
  options: { port?: number; calls: () => readonly RecordedCall[] },
): Promise<SandboxServer> {
  const failures: SandboxResponse[] = [];
  let responsesToDrop = 0;
  const server = createServer(async (request, response) => {
    let answer: SandboxResponse;
    let inspecting = false;
    try {
      const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
      const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
      const decoded = await readBody(request);
      // What the sandbox recorded, for another process (the demo): never a platform call, so never a failure.
      inspecting = request.method === "GET" && url.pathname === sandboxCallsPath;
      answer = inspecting
        ? { status: 200, body: { calls: options.calls() } }
        : (failures.shift() ??
          (await route({ method: request.method ?? "GET", url, token, headers: request.headers, ...decoded })));
    } catch (error) {
      answer =
        error instanceof SandboxRefusal ? error.response : { status: 500, body: { message: (error as Error).message } };
    }
    if (responsesToDrop > 0 && !inspecting) {
      responsesToDrop -= 1;
      request.socket.destroy();
      return;
    }
    const headers = { "content-type": "application/json; charset=UTF-8", ...answer.headers };
    response.writeHead(answer.status, headers);
    response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    failNext(count, response) {
      for (let i = 0; i < count; i++) failures.push(response);
    },
    dropNextResponses(count) {
      responsesToDrop += count;
    },
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Pick<SandboxRequest, "body" | "bodyError" | "form">> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return { body: {}, form: false };
  if ((request.headers["content-type"] ?? "").includes("application/json")) {
    try {
      return { body: JSON.parse(text) as Record<string, unknown>, form: false };
    } catch {
      return { body: {}, bodyError: "Invalid JSON body", form: false };
    }
  }
  return { body: Object.fromEntries(new URLSearchParams(text)), form: true };
}

/** Where every sandbox lists the calls it accepted, as `RecordedCall`s: `GET /_sandbox/calls`. */
export const sandboxCallsPath = "/_sandbox/calls";

/** A call a sandbox accepted, the same on every platform: what it did, on what, with which text. */
export interface RecordedCall {
  kind: string;
  /** What the call acted on: the comment or post hidden, deleted or replied to, or the user a message went to. */
  objectId: string;
  accountId?: string;
  text?: string;
  /** What the call created: a reply or a message. */
  id?: string;
}

/** One call a platform sandbox accepted, with the request that made it: what the real account would now show. */
export interface SandboxCall<Kind extends string> extends RecordedCall {
  kind: Kind;
  method: string;
  path: string;
}
