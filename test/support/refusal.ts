import { PlatformError } from "@sentinella/core";
import { expect } from "vitest";

/** The PlatformError a platform call failed with; the test fails if the call succeeded or failed otherwise. */
export const refusal = (promise: Promise<unknown> | undefined) =>
  (promise ?? Promise.reject(new Error("the adapter lacks this call"))).then(
    () => expect.unreachable("the call succeeded"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(PlatformError);
      return error as PlatformError;
    },
  );
