import { afterAll, beforeAll } from "vitest";
import { startProviderMock, type RunningMock } from "@studiokit-tools/mocks";
import type { ProviderId } from "../../src/index.js";

/** Starts the provider's Prism mock (on a free port) for the enclosing suite; call `url()` in tests. */
export function useProviderMock(id: ProviderId): { url: () => string } {
  let mock: RunningMock | undefined;
  beforeAll(async () => {
    mock = await startProviderMock(id);
  }, 60_000);
  afterAll(async () => {
    await mock?.stop();
  });
  return {
    url: () => {
      if (!mock) throw new Error(`the ${id} mock is not running`);
      return mock.url;
    },
  };
}

export const TEST_API_KEY = "sk-studiokit-facade-test-0000";
