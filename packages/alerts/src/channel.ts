import type { AlertMessage } from "./message";
import type { AlertRoute } from "./routes";

/**
 * One way of reaching staff (e-mail, Slack, local outbox). A channel retries transient failures itself
 * (the SES client's and the Slack webhook's own retry with backoff) and throws once it gives up.
 */
export interface AlertChannel {
  readonly name: string;
  /** "skipped" when the route names no recipient on this channel. */
  send(message: AlertMessage, route: AlertRoute): Promise<"sent" | "skipped">;
}
