// Bad input, fuzzed: for every operation with a JSON body, fast-check derives bodies from the spec's
// example (fields removed, replaced by arbitrary JSON, pushed out of range, unknown fields added), and
// the verdict of our generated validator must equal Prism's on every one. The example itself passes
// both. Figures (bodies tried, disagreements) are printed and written to .fuzz-results.json.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectOperations, compileValidators, loadBundledSpec, providers, specPath, validatorName, repoRoot } from "@studiokit-tools/codegen";
import { validRequest } from "@studiokit-tools/contract";
import { startProviderMock } from "@studiokit-tools/mocks";
import { mutatedBodies } from "../src/mutations.js";

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const figures = {};

afterAll(() => {
  const total = Object.values(figures).reduce((sum, f) => ({ tried: sum.tried + f.tried, invalid: sum.invalid + f.invalid, disagreements: sum.disagreements + f.disagreements }), { tried: 0, invalid: 0, disagreements: 0 });
  writeFileSync(join(repoRoot, "tools", "reliability", ".fuzz-results.json"), JSON.stringify({ seed: SEED, runsPerOperation: RUNS_PER_OPERATION, total, providers: figures }, null, 2));
  console.log(`fuzzing: ${total.tried} bodies tried, ${total.invalid} invalid, ${total.disagreements} disagreements (seed ${SEED})`);
});

/** Prism's verdict on a body: true when it accepts the request, false when it answers 400/422. */
async function prismAccepts(mockUrl, operation, request, body) {
  let url = `${mockUrl}${operation.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(request.params.path?.[name]))}`;
  const query = new URLSearchParams(Object.entries(request.params.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((i) => [k, String(i)]) : [[k, String(v)]])));
  if ([...query].length) url += `?${query}`;
  const response = await fetch(url, {
    method: operation.method,
    headers: { "content-type": "application/json", authorization: "Bearer fuzz", "x-api-key": "fuzz" },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (response.status < 300) return true;
  if (response.status === 400 || response.status === 422) return false;
  throw new Error(`Prism answered ${response.status} for ${operation.operationId}`);
}

for (const provider of providers) {
  describe(`${provider.id}: our validator agrees with Prism`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const operations = collectOperations(doc).filter((operation) => operation.body && /json/.test(operation.body.contentType));
    const validators = compileValidators(doc, operations);
    let mock;
    beforeAll(async () => {
      mock = await startProviderMock(provider.id);
    }, 60_000);
    afterAll(() => mock?.stop());
    figures[provider.id] = { operations: operations.length, tried: 0, invalid: 0, disagreements: 0 };

    for (const operation of operations) {
      it(`${operation.operationId}: ${RUNS_PER_OPERATION} derived bodies and the example`, async () => {
        const request = validRequest(doc, operation);
        const validate = validators[validatorName(operation.operationId, "body")];
        expect(validate(request.body)).toBe(true);
        expect(await prismAccepts(mock.url, operation, request, request.body)).toBe(true);

        const disagreements = [];
        await fc.assert(
          fc.asyncProperty(mutatedBodies(request.body), async ({ what, body }) => {
            const ours = validate(body);
            const prisms = await prismAccepts(mock.url, operation, request, body);
            figures[provider.id].tried++;
            if (!ours) figures[provider.id].invalid++;
            if (ours !== prisms) {
              figures[provider.id].disagreements++;
              disagreements.push({ what, ours, prisms, errors: validate.errors });
            }
            return ours === prisms;
          }),
          { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
        ).catch((error) => {
          throw new Error(`${error.message}\n${JSON.stringify(disagreements.slice(0, 3), null, 2)}`);
        });
      }, 120_000);
    }
  });
}
