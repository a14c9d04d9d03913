import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import {
  type ConsoleDeps,
  createConsoleApp,
  createSignIn,
  createTokenVerifier,
  type SignIn,
} from "@sentinella/console";
import { type LocalOidcIssuer, seededUsers, startLocalOidcIssuer } from "./oidc-issuer";

export interface LocalConsoleOptions extends Omit<ConsoleDeps, "randomId"> {
  port?: number;
}

export interface LocalConsole {
  /** The console's address: `${url}/console`. */
  url: string;
  issuer: LocalOidcIssuer;
  stop(): Promise<void>;
}

/**
 * The staff console as `npm start` serves it: the same Hono app as the console Lambda, on @hono/node-server, with
 * a local OIDC issuer and its seeded users in place of Cognito. Sign-in state and CSRF tokens are signed with a
 * secret generated at each start, so sessions end when local mode stops.
 */
export async function startLocalConsole(options: LocalConsoleOptions): Promise<LocalConsole> {
  let app: ReturnType<typeof createConsoleApp> | undefined;
  const server = serve({
    fetch: (request) => (app ? app.fetch(request) : new Response("starting", { status: 503 })),
    port: options.port ?? 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "sentinella-console-local";
  const redirectUri = `${origin}/console/auth/callback`;
  const issuer = await startLocalOidcIssuer({
    users: seededUsers(options.deployments.map((d) => d.entityId)),
    client: { clientId, redirectUris: [redirectUri] },
    clock: options.clock,
  });
  const provider = { issuer: issuer.issuer, clientId, redirectUri, allowHttp: true };
  let signIn: Promise<SignIn> | undefined;
  app = createConsoleApp(
    { ...options, randomId: () => randomUUID().slice(0, 8) },
    {
      verify: createTokenVerifier(provider, options.clock),
      signIn: () => {
        signIn ??= createSignIn(provider);
        return signIn;
      },
      sessionSecret: randomBytes(32).toString("base64url"),
      origin,
    },
  );
  return {
    url: `${origin}/console`,
    issuer,
    async stop() {
      await issuer.stop();
      await new Promise<void>((resolve, reject) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
