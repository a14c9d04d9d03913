/**
 * Prints each Lambda bundle's size (raw and gzip), its largest packages and its cold-start import time, built with
 * the same esbuild settings as the CDK construct: `npm run bundle-sizes [-- --json]`.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { Env } from "@sentinella/aws";
import { scriptCommand, table } from "@sentinella/local/terminal";
import { build } from "esbuild";
import { type FunctionName, handlerEntries, lambdaBuildOptions } from "./bundling";

const { json } = scriptCommand("npm run bundle-sizes --")
  .description("Size and cold-start import time of every Lambda bundle, as CDK would deploy it.")
  .option("--json", "print the figures as JSON")
  .parse()
  .opts<{ json?: boolean }>();

const kilobytes = (bytes: number) => Math.round(bytes / 1024);
/** Lambda's limit we hold ourselves to: a bundle over 1 MB raw is a regression. */
const budgetKilobytes = 1024;
const imports = 5;

/** The packages contributing most bytes to a bundle, from esbuild's metafile. */
function largestPackages(inputs: Record<string, { bytesInOutput: number }>, count: number): string {
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const name = match?.[1] ?? "(ours)";
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kilobytes(bytes)} KB`)
    .join(", ");
}

/**
 * Median time to import the bundle in a fresh Node process, module-level configuration parsing included: what a
 * cold start pays before the first event. Every environment variable gets a placeholder; nothing is contacted.
 */
async function importMilliseconds(file: string): Promise<number> {
  const env: Record<string, string> = { ...process.env, AWS_REGION: "eu-south-1" };
  for (const name of Object.values(Env)) env[name] = "placeholder";
  Object.assign(env, {
    [Env.deployments]: "[]",
    [Env.alertRoutes]: "{}",
    [Env.linkedInBodyOnlySignature]: "false",
    POWERTOOLS_LOG_LEVEL: "ERROR",
  });
  for (const name of [Env.consoleUrl, Env.consoleIssuer, Env.consoleLogoutUrl]) env[name] = "https://example.invalid/";
  delete env[Env.awsEndpointUrl];
  const probe = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let i = 0; i < imports; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", probe], { env });
    times.push(Number(stdout.trim().split("\n").at(-1)));
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(imports / 2)] ?? Number.NaN);
}

async function measure(name: FunctionName, dir: string) {
  const result = await build({
    ...lambdaBuildOptions(name),
    outfile: "index.mjs",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles.find((file) => file.path.endsWith(".mjs"));
  if (!code) throw new Error(`esbuild produced no bundle for ${name}`);
  const file = join(dir, `${name}.mjs`);
  await writeFile(file, code.contents);
  const output = Object.values(result.metafile.outputs).find((meta) => meta.entryPoint);
  return {
    function: name,
    rawKB: kilobytes(code.contents.byteLength),
    gzipKB: kilobytes(gzipSync(code.contents).byteLength),
    importMs: await importMilliseconds(file).catch((error: Error) => `failed: ${error.message.split("\n")[0]}`),
    largest: output ? largestPackages(output.inputs, 3) : "",
  };
}

const dir = await mkdtemp(join(tmpdir(), "sentinella-bundles-"));
try {
  const rows = [];
  for (const name of Object.keys(handlerEntries) as FunctionName[]) rows.push(await measure(name, dir));
  if (json) console.log(JSON.stringify(rows));
  else
    console.log(
      table(
        ["function", "raw KB", "gzip KB", `import ms (median of ${imports})`, "largest packages"],
        rows.map((r) => [
          `${r.function}${r.rawKB > budgetKilobytes ? " (over 1 MB)" : ""}`,
          r.rawKB,
          r.gzipKB,
          r.importMs,
          r.largest,
        ]),
        { align: ["left", "right", "right", "right", "left"] },
      ),
    );
} finally {
  await rm(dir, { recursive: true, force: true });
}
