import { fileURLToPath } from "node:url";
import type { BuildOptions } from "esbuild";

/** The repository root: entries, the lockfile and esbuild's working directory are resolved from here. */
export const projectRoot = fileURLToPath(new URL("..", import.meta.url));

/** The Lambda handlers, by function name; each entry exports `handler`. */
export const handlerEntries = {
  ingress: "functions/ingress/handler.ts",
  classifier: "functions/classifier/handler.ts",
  scheduler: "functions/scheduler/handler.ts",
  poller: "functions/poller/handler.ts",
  console: "functions/console/handler.ts",
} as const;

export type FunctionName = keyof typeof handlerEntries;

/**
 * The AWS SDK's credential providers other than the environment's, left out of every bundle. Lambda always puts the
 * function's credentials in its environment, which the SDK's default chain reads first; the chain imports the
 * others (SSO, profiles, web identity, container and instance metadata, with the STS/SSO clients they use) lazily,
 * only when the environment has none, so in Lambda they are never loaded. About 85 KB of each bundle.
 */
export const unusedCredentialProviders = [
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-web-identity",
  "@aws-sdk/credential-provider-http",
  "@smithy/credential-provider-imds",
];

/**
 * esbuild settings shared by the CDK construct and `npm run bundle-sizes`, so the sizes printed are the sizes deployed.
 * - ESM, because Powertools and the AWS SDK ship ES modules that tree-shake better than their CommonJS builds.
 * - The banner gives CommonJS dependencies bundled into an ES module the `require` they expect.
 * - The AWS SDK is bundled rather than taken from the runtime: the version we test with is the one that runs.
 * - Source maps without sources: stack traces point at our TypeScript, the zip stays small.
 */
export const esbuildSettings = {
  target: "node24",
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  minify: true,
  sourcesContent: false,
  mainFields: ["module", "main"],
  external: unusedCredentialProviders,
};

/** The same bundle as a direct esbuild build, for scripts that measure it (sizes, cold start). */
export function lambdaBuildOptions(name: FunctionName) {
  return {
    absWorkingDir: projectRoot,
    entryPoints: [handlerEntries[name]],
    bundle: true,
    platform: "node",
    format: "esm",
    target: esbuildSettings.target,
    banner: { js: esbuildSettings.banner },
    minify: esbuildSettings.minify,
    sourcemap: "linked",
    sourcesContent: esbuildSettings.sourcesContent,
    mainFields: esbuildSettings.mainFields,
    external: esbuildSettings.external,
  } satisfies BuildOptions;
}
