import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "engine",
          include: ["test/policy/**/*.test.ts"],
          // Pure functions over the policy engine, which takes seconds to load: once per worker, not per file.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "system",
          include: ["test/**/*.test.ts"],
          exclude: ["test/policy/**"],
          // Module state (handlers built from the environment, Powertools) stays per file here.
          globalSetup: ["test/support/dynamodb-global.ts"],
        },
      },
    ],
  },
});
