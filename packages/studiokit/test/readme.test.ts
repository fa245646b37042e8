// The README's capability matrix is generated from the code's capability data: this fails when the
// README (or a copy with one cell changed) no longer matches what `pnpm matrix` would write.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { capabilities } from "../src/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const script = join(packageDir, "scripts", "readme-matrix.js");
const readme = join(packageDir, "README.md");

function check(path: string) {
  return spawnSync(process.execPath, [script, "--check", "--readme", path], { encoding: "utf8" });
}

describe("README capability matrix", () => {
  it("is up to date with the built capability data", () => {
    const result = check(readme);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the check fails when a cell was edited by hand", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "studiokit-readme-")), "README.md");
    const text = readFileSync(readme, "utf8");
    const edited = text.replace("| characters `update` | — | ✓ |", "| characters `update` | ✓ | ✓ |");
    expect(edited).not.toBe(text);
    writeFileSync(copy, edited);
    const result = check(copy);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/capability matrix is out of date/);
    // …and rewriting it restores the generated text.
    execFileSync(process.execPath, [script, "--readme", copy]);
    expect(readFileSync(copy, "utf8")).toBe(text);
  });

  it("names every provider and every content-safety default", () => {
    const text = readFileSync(readme, "utf8");
    for (const [id, entry] of Object.entries(capabilities)) {
      expect(text).toContain(`${entry.name} (\`${id}\`)`);
      for (const safety of entry.contentSafety) expect(text).toContain(`\`${safety.field}: ${JSON.stringify(safety.value)}\``);
    }
  });
});
