/**
 * Prints the size of each Lambda bundle, built with the same esbuild settings as the CDK construct:
 * `npm run bundle-sizes`. Nothing is written to disk.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { type FunctionName, handlerEntries, lambdaBuildOptions } from "./bundling";

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

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
    .map(([name, bytes]) => `${name} ${kilobytes(bytes)}`)
    .join(", ");
}

async function measure(name: FunctionName) {
  const result = await build({
    ...lambdaBuildOptions(name),
    outfile: "index.mjs",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles.find((file) => file.path.endsWith(".mjs"));
  if (!code) throw new Error(`esbuild produced no bundle for ${name}`);
  const output = Object.values(result.metafile.outputs).find((meta) => meta.entryPoint);
  return {
    function: name,
    raw: kilobytes(code.contents.byteLength),
    gzip: kilobytes(gzipSync(code.contents).byteLength),
    largest: output ? largestPackages(output.inputs, 3) : "",
  };
}

const rows = [];
for (const name of Object.keys(handlerEntries) as FunctionName[]) rows.push(await measure(name));
console.table(rows);
