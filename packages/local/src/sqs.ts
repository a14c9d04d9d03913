import type { SQSClient } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";

export interface LocalSqs {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts an SQS-protocol server (fauxqs) in this process, on loopback. */
export async function startSqs(options: { port?: number } = {}): Promise<LocalSqs> {
  const server = await startFauxqs({ port: options.port ?? 0, host: "127.0.0.1", logger: false });
  return { endpoint: server.address, port: server.port, stop: () => server.stop() };
}

/**
 * fauxqs (1.9 to 2.4 at least) refuses message bodies holding characters beyond the Basic Multilingual Plane,
 * emoji among them, which SQS itself accepts (its check is a regular expression without the `u` flag).
 * Item bodies are JSON, so writing those characters as \u escapes sends the same document: the classifier
 * parses exactly the text the webhook carried. Local mode only; Lambda talks to SQS unchanged.
 */
export function escapeAstralCharactersInBodies(client: SQSClient): void {
  const escapeAstral = (body: string | undefined) =>
    body?.replace(/[\u{10000}-\u{10FFFF}]/gu, (char) =>
      [0, 1].map((unit) => `\\u${char.charCodeAt(unit).toString(16)}`).join(""),
    );
  client.middlewareStack.add(
    (next) => (args) => {
      const input = args.input as { MessageBody?: string; Entries?: { MessageBody?: string }[] };
      const escaped = {
        ...input,
        ...(input.MessageBody === undefined ? {} : { MessageBody: escapeAstral(input.MessageBody) }),
        ...(input.Entries
          ? { Entries: input.Entries.map((entry) => ({ ...entry, MessageBody: escapeAstral(entry.MessageBody) })) }
          : {}),
      };
      return next({ ...args, input: escaped as typeof args.input });
    },
    { step: "initialize", name: "escapeAstralCharactersInBodies" },
  );
}
