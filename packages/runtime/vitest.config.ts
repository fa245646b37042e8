import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A guard against hangs only: no test passes or fails on time. The suite runs real HTTP on
    // localhost, often beside other suites (turbo runs three at once), so a loaded machine must
    // not turn a slow test into a failed one.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
