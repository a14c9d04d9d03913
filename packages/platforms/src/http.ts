import { noAnswerErrorCode, PlatformError } from "@sentinella/core";
import type * as z from "zod";

/** Network errors raised before a request could leave: the platform cannot have acted on it. */
const unsentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * `fetch` with a timeout, where a failure to get an answer is a transient PlatformError: `network` when the request
 * never left (refused, unresolvable), `no_answer` when it may have reached the platform (a reset, a timeout), which
 * callers must not take as "not done".
 */
export async function fetchPlatform(
  apiName: string,
  url: string,
  init: RequestInit & { timeoutMs: number },
): Promise<Response> {
  const { timeoutMs, ...request } = init;
  try {
    return await fetch(url, { ...request, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as Error).cause as { code?: string } | undefined;
    if (cause?.code && unsentCodes.has(cause.code)) {
      throw new PlatformError("transient", "network", `${apiName} unreachable: ${(error as Error).message}`);
    }
    throw new PlatformError("transient", noAnswerErrorCode, `${apiName} did not answer: ${(error as Error).message}`);
  }
}

/**
 * A platform's answer read with the schema of what Sentinella expects; another shape is a transient error (a
 * platform mid-deploy, an error page with 200), so the call is tried again rather than acted on.
 */
export function parsedAnswer<T extends z.ZodType>(apiName: string, schema: T, json: unknown): z.infer<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new PlatformError(
      "transient",
      "unexpected_response",
      `${apiName} answered an unexpected shape: ${result.error}`,
    );
  }
  return result.data;
}

/** The response body as JSON, or `{}` when there is none or it is not JSON (204, an HTML error page). */
export async function jsonBody(response: Response): Promise<Record<string, unknown>> {
  const json = await response.json().catch(() => ({}));
  return json && typeof json === "object" ? (json as Record<string, unknown>) : {};
}
