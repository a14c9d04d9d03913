import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Clock, systemClock } from "@sentinella/core";
import type { AlertChannel } from "./channel";
import { plainTextOf, subjectOf } from "./format";

/**
 * Local mode: every message becomes one Markdown file in `folder`, named so that `ls` lists them in the
 * order they were sent ("2026-11-28T23-10-00.000Z-comune-cento-emergency-1a2b3c4d.md").
 */
export function createOutboxChannel(deps: { folder: string; clock?: Clock }): AlertChannel {
  const clock = deps.clock ?? systemClock;
  return {
    name: "outbox",
    async send(message) {
      await mkdir(deps.folder, { recursive: true });
      const topic = message.kind === "alert" ? message.alert.reason : "digest";
      const stamp = clock.now().toISOString().replaceAll(":", "-");
      const file = join(deps.folder, `${stamp}-${message.entityId}-${topic}-${randomUUID().slice(0, 8)}.md`);
      await writeFile(file, `# ${subjectOf(message)}\n\n${plainTextOf(message)}\n`, { flag: "wx" });
      return "sent";
    },
  };
}
