// printTypes calls openapi-typescript's transform without its entry point's Redocly lint and bundle.
// These tests hold it to what that entry point prints, byte for byte, on every spec of the repo.
import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { emitPackage, loadBundledSpec, providers, specPath } from "../src/index.js";
import { redoclyCore } from "../src/spec.js";
import { inThread } from "../src/threads.js";
import { TYPES_OPTIONS, printTypes, schemaTypes } from "../src/types.js";

const require = createRequire(import.meta.url);
const { default: openapiTS, astToString } = require("openapi-typescript");

describe("printTypes", () => {
  it.each(providers.map((provider) => provider.id))("%s: prints what openapiTS prints, and leaves the document as it was", async (id) => {
    const doc = await loadBundledSpec(specPath(id));
    const before = structuredClone(doc);
    const ours = printTypes(doc, TYPES_OPTIONS);
    expect(isDeepStrictEqual(doc, before)).toBe(true);
    // openapiTS as emit.js called it before: with a Redocly config holding only the rule it needs.
    const redocly = await redoclyCore().createConfig({ rules: { "operation-operationId-unique": { severity: "error" } } }, { extends: [] });
    const theirs = astToString(await openapiTS(doc, { ...TYPES_OPTIONS, redocly }));
    expect(ours).toBe(theirs);
    // openapiTS's Redocly bundle hands a bundled document back as it is: nothing was skipped that
    // would have changed what the rest of emitPackage reads.
    expect(isDeepStrictEqual(doc, before)).toBe(true);
  }, 60_000);

  it("refuses what openapiTS refuses before transforming: Swagger 2 and other versions", () => {
    expect(() => printTypes({ swagger: "2.0", info: {}, paths: {} })).toThrow(/Swagger version: 2\.x/);
    expect(() => printTypes({ openapi: "4.0.0", info: {}, paths: {} })).toThrow(/Unsupported OpenAPI version: 4\.0\.0/);
    expect(() => printTypes({ info: {}, paths: {} })).toThrow(/Unsupported OpenAPI version/);
  });

  it("applies the transform option (file fields typed as Blob | Uint8Array)", () => {
    const doc = {
      openapi: "3.1.0",
      info: { title: "Demo", version: "1" },
      paths: {},
      components: { schemas: { Upload: { type: "object", properties: { file: { type: "string", format: "binary" } } } } },
    };
    expect(printTypes(doc, TYPES_OPTIONS)).toMatch(/file\?: Blob \| Uint8Array;/);
  });
});

describe("the generator's threads", () => {
  it("prints what schemaTypes prints, for several documents sent at once", async () => {
    const docs = await Promise.all(["supapost", "ai-media-studio"].map((id) => loadBundledSpec(specPath(id))));
    const printed = await Promise.all(docs.map((doc) => inThread("types", doc)));
    expect(printed).toEqual(docs.map((doc) => schemaTypes(doc)));
  }, 60_000);

  it("rejects with the thread's error, and keeps printing the next document", async () => {
    await expect(inThread("types", { openapi: "4.0.0", info: {}, paths: {} })).rejects.toThrow(/Unsupported OpenAPI version: 4\.0\.0/);
    await expect(inThread("types", { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} })).resolves.toMatch(/export type paths = Record<string, never>;/);
  }, 60_000);

  it("fails emitPackage with that error", async () => {
    const doc = { openapi: "4.0.0", info: { title: "t", version: "1" }, paths: {} };
    await expect(emitPackage({ id: "demo", name: "Demo", clientName: "Demo", mockPort: 4999 }, doc)).rejects.toThrow(/Unsupported OpenAPI version: 4\.0\.0/);
  }, 60_000);
});
