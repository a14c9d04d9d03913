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
