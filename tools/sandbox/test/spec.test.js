// Start-up reads the bundled spec kept in dist/specs only while it matches the spec's files: a
// bundle made from other files is ignored and made again.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadProviderSpec, specSourceHash } from "../src/spec.js";

const cached = fileURLToPath(new URL("../dist/specs/supapost.json", import.meta.url));

describe("the bundled-spec cache", () => {
  it("bundles again when the kept bundle was made from other spec files", async () => {
    const fresh = await loadProviderSpec("supapost");
    writeFileSync(cached, JSON.stringify({ hash: "made-from-other-files", doc: { openapi: "3.1.0", info: { title: "stale" }, paths: {} } }));
    const again = await loadProviderSpec("supapost");
    expect(again.info.title).toBe(fresh.info.title);
    expect(Object.keys(again.paths)).toEqual(Object.keys(fresh.paths));
    expect(JSON.parse(readFileSync(cached, "utf8")).hash).toBe(specSourceHash("supapost"));
  });
});
