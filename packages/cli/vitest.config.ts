import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every test starts real processes and mock servers.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
