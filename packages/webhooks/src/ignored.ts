import type { IgnoredEvents } from "./delivery";

/** Counts events acknowledged without queueing, by why, for a delivery's logs and metrics. */
export function ignoredEvents() {
  const counts = new Map<string, number>();
  return {
    ignore(reason: string, count = 1) {
      if (count > 0) counts.set(reason, (counts.get(reason) ?? 0) + count);
    },
    list: (): IgnoredEvents[] => [...counts].map(([reason, count]) => ({ reason, count })),
  };
}
