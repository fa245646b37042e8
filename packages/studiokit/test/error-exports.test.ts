// Every error class the runtime can throw is importable from where users import: the facade and each
// generated provider package, as the runtime's own class (so that `instanceof` holds across them).
import * as runtime from "@studiokit/runtime";
import * as aiMediaStudio from "@studiokit/ai-media-studio";
import * as aistudios from "@studiokit/aistudios";
import * as aliveai from "@studiokit/aliveai";
import * as influencerStudio from "@studiokit/influencer-studio";
import * as supapost from "@studiokit/supapost";
import { describe, expect, it } from "vitest";
import * as facade from "../src/index.js";

const errorClasses = Object.entries(runtime).filter(
  ([, value]) => typeof value === "function" && (value === runtime.StudioKitError || value.prototype instanceof runtime.StudioKitError),
);
// Thrown only by what the facade adds (capabilities, job waits): the raw clients never throw them.
const facadeOnly = new Set(["UnsupportedCapabilityError", "JobFailedError"]);

describe("error classes", () => {
  it("the runtime has the ones this test expects to find (RedirectError and ConfigurationError among them)", () => {
    expect(errorClasses.map(([name]) => name)).toEqual(expect.arrayContaining(["RedirectError", "ConfigurationError", "ProviderError"]));
  });

  it("are all exported by the facade, as the runtime's classes", () => {
    for (const [name, value] of errorClasses) expect((facade as Record<string, unknown>)[name], name).toBe(value);
  });

  it.each([
    ["ai-media-studio", aiMediaStudio],
    ["aistudios", aistudios],
    ["aliveai", aliveai],
    ["influencer-studio", influencerStudio],
    ["supapost", supapost],
  ])("are exported by @studiokit/%s, as the runtime's classes", (_provider, module) => {
    for (const [name, value] of errorClasses) {
      if (!facadeOnly.has(name)) expect((module as Record<string, unknown>)[name], name).toBe(value);
    }
  });
});
