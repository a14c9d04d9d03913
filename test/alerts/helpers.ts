import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { StaffAlert } from "@sentinella/core";

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

/** A loopback HTTP server that records requests and answers with `reply` (status and JSON body). */
export async function startLoopback(reply: (request: RecordedRequest) => { status: number; body: unknown }) {
  const requests: RecordedRequest[] = [];
  const readBody = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const server = createServer(async (request, response) => {
    const recorded = { method: request.method ?? "", path: request.url ?? "", body: await readBody(request) };
    requests.push(recorded);
    const { status, body } = reply(recorded);
    response.writeHead(status, { "content-type": "application/json" });
    response.end(typeof body === "string" ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const romeParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Rome",
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Test calendar: Monza-Brianza's published hours, Mon–Thu 9–18, Fri 9–13 (no holidays). */
export function monzaIsOpen(_entityId: string, at: Date): boolean {
  const parts = Object.fromEntries(romeParts.formatToParts(at).map((p) => [p.type, p.value]));
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  const closesAt = { Mon: 18, Tue: 18, Wed: 18, Thu: 18, Fri: 13 }[parts.weekday as string];
  return closesAt !== undefined && minutes >= 9 * 60 && minutes < closesAt * 60;
}

export const entityId = "provincia-monza-brianza";

export function sampleAlert(overrides: Partial<StaffAlert> = {}): StaffAlert {
  return {
    entityId,
    reason: "review",
    itemKey: "facebook#fb-provincia-monza-brianza#c-1",
    platform: "facebook",
    categories: ["insulto"],
    redactedText: "Il dirigente [NOME] è un incapace",
    link: "https://www.facebook.com/c-1",
    done: ["nascosto"],
    ...overrides,
  };
}

/** Logger that keeps what it was told, for assertions. */
export function recordingLogger() {
  const entries: { level: "warn" | "error"; message: string; attributes: Record<string, unknown> }[] = [];
  return {
    entries,
    warn: (message: string, attributes: Record<string, unknown>) =>
      entries.push({ level: "warn", message, attributes }),
    error: (message: string, attributes: Record<string, unknown>) =>
      entries.push({ level: "error", message, attributes }),
  };
}
