import { existsSync } from "node:fs";
import { env } from "node:process";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium (installed by `packages/local/bin/ensure-chromium.sh`), or SENTINELLA_CHROMIUM. */
export const chromiumPath = () => env.SENTINELLA_CHROMIUM || "/usr/bin/chromium";

/** No browser to drive: the message says what to install. */
export class ChromiumMissingError extends Error {
  override name = "ChromiumMissingError";
}

/**
 * Headless Chromium through playwright-core, never a browser Playwright downloads. Each launch gets a fresh
 * profile (Playwright's own temporary user-data-dir); the flags keep Chromium off the network it would otherwise
 * call at start (updates, sync, Google's hosts), which a closed machine refuses.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new ChromiumMissingError(
      `Chromium non trovato in ${executablePath}: installarlo (apt-get install chromium) o indicare SENTINELLA_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface RenderedPage {
  /** The PNG's size in pixels (the whole page, not only the window). */
  width: number;
  height: number;
  /** How many <svg> elements the page held once rendered: the charts. */
  svgCount: number;
}

/** Renders a self-contained HTML page (no network) in headless Chromium and writes a full-page PNG. */
export async function renderHtmlToPng(html: string, file: string, options: { width?: number } = {}) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1024, height: 768 } });
    await page.setContent(html, { waitUntil: "load" });
    const png = await page.screenshot({ path: file, fullPage: true, type: "png" });
    return { ...pngSize(png), svgCount: await page.locator("svg").count() } satisfies RenderedPage;
  } finally {
    await browser.close();
  }
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
