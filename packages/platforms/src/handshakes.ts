import type { EntityDeployment, StaffAlert } from "@sentinella/core";

/** The webhook routes whose platform proves it can reach Sentinella with a handshake signed by our secret. */
export type HandshakeRoute = "meta" | "x" | "linkedin";

/**
 * When each route last answered its platform's handshake (Meta's subscription verification, X's CRC, LinkedIn's
 * validation challenge): until one has, nobody knows whether the platform can deliver to this deployment, and
 * `accounts check` says the subscription is not verified. X repeats its CRC at least daily, LinkedIn every two
 * hours, so an old answer is also worth telling staff about.
 */
export interface HandshakeLog {
  answered(route: HandshakeRoute, at: Date): Promise<void>;
  /** ISO time of the last handshake answered, if any. */
  lastAnswered(route: HandshakeRoute): Promise<string | undefined>;
}

/** In-memory twin of the handshake log. */
export function inMemoryHandshakeLog(): HandshakeLog {
  const answered = new Map<HandshakeRoute, string>();
  return {
    async answered(route, at) {
      answered.set(route, at.toISOString());
    },
    async lastAnswered(route) {
      return answered.get(route);
    },
  };
}

/**
 * How long a platform goes without a successful handshake before it stops delivering: LinkedIn blocks an endpoint
 * after three failed validations two hours apart, X marks a webhook invalid after more than 28 hours without a
 * successful CRC. Meta verifies only when the app subscribes, so a quiet Meta route says nothing.
 */
export const handshakeLimitHours: Partial<Record<HandshakeRoute, number>> = { linkedin: 6, x: 28 };

const routeName: Record<HandshakeRoute, string> = { meta: "Meta", x: "X", linkedin: "LinkedIn" };
const romeTime = new Intl.DateTimeFormat("it-IT", { timeZone: "Europe/Rome", dateStyle: "full", timeStyle: "short" });

/**
 * The staff alerts owed now about webhooks a platform stopped verifying: for each entity with an account on X or
 * LinkedIn whose route answered a handshake once but not within the platform's limit (`webhook_stale`, urgent:
 * nothing arrives from there). Keyed by route and last answer, so each silence is told once. A route never answered
 * is a deployment not finished yet, which `accounts check` shows, and is not alerted.
 */
export async function handshakeAlerts(
  deployments: readonly EntityDeployment[],
  handshakes: HandshakeLog,
  now: Date,
): Promise<StaffAlert[]> {
  const alerts: StaffAlert[] = [];
  for (const route of ["x", "linkedin"] as const) {
    const limitHours = handshakeLimitHours[route] as number;
    const entities = deployments.filter((d) => d.accounts.some((a) => a.platform === route));
    if (entities.length === 0) continue;
    const last = await handshakes.lastAnswered(route);
    if (!last || now.getTime() - new Date(last).getTime() <= limitHours * 3_600_000) continue;
    for (const { entityId } of entities) {
      alerts.push({
        entityId,
        reason: "webhook_stale",
        itemKey: `handshake#${route}#${last}`,
        platform: route,
        categories: [],
        redactedText: `${routeName[route]} non verifica il webhook di Sentinella da ${romeTime.format(new Date(last))}: i contenuti di ${routeName[route]} non arrivano e non vengono moderati. Controllare la registrazione del webhook e \`npx sentinella accounts check\`.`,
        done: [],
      });
    }
  }
  return alerts;
}
