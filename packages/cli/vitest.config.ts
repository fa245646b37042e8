import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every test starts real processes; each file starts the sandbox in process.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
