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
