// The contract suite: every operation of a generated client, called against its provider's Prism
// mock. A provider package's contract test is one call: `await contractSuite({ provider, createClient })`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectOperations, createAjv, loadBundledSpec, specPath } from "@studiokit-tools/codegen";
import { startProviderMock } from "@studiokit-tools/mocks";
import { ValidationError } from "@studiokit/runtime";
import { invalidBodies, successResponse, validRequest } from "./samples.js";

export { invalidBodies, validRequest, successResponse, sampleFromSchema, exampleOf } from "./samples.js";

export const TEST_API_KEY = "sk-contract-test-key-0000";

/**
 * @param {{ provider: string, createClient: (options: Record<string, unknown>) => any, clientOptions?: Record<string, unknown>, skip?: Record<string, string> }} options
 *   skip: operationId -> the reason Prism cannot serve it (the operation must then be tested elsewhere)
 */
export async function contractSuite({ provider, createClient, clientOptions = {}, skip = {} }) {
  const doc = await loadBundledSpec(specPath(provider));
  const operations = collectOperations(doc);
  const ajv = createAjv();
  ajv.addSchema(doc, "https://studiokit.invalid/spec", undefined, false);
  let mock;

  describe(`${provider} contract against its Prism mock`, () => {
    beforeAll(async () => {
      mock = await startProviderMock(provider);
    }, 60_000);
    afterAll(async () => {
      await mock?.stop();
    });

    const client = (extra = {}) => createClient({ apiKey: TEST_API_KEY, baseUrl: mock.url, maxRetries: 0, ...clientOptions, ...extra });

    for (const operation of operations) {
      const title = `${operation.operationId} (${operation.method} ${operation.path})`;
      if (skip[operation.operationId]) {
        it.skip(`${title}: ${skip[operation.operationId]}`, () => {});
        continue;
      }

      it(`${title} is accepted and its response parsed`, async () => {
        const request = validRequest(doc, operation);
        const expected = successResponse(doc, operation);
        const { data, response } = await client()[operation.method](operation.path, request);
        expect(response.status).toBe(expected?.status ?? 200);
        if (expected?.schemaPointer) {
          const validate = ajv.compile({ $ref: `https://studiokit.invalid/spec${expected.schemaPointer}` });
          expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
        } else {
          expect(data).toBeUndefined();
        }
      });

      const request = validRequest(doc, operation);
      for (const variant of invalidBodies(doc, operation, request.body)) {
        const where = variant.prismSees === false ? "locally (Prism drops undeclared form fields)" : "locally and at Prism";
        it(`${title} rejects a body ${variant.description}, ${where}`, async () => {
          const invalid = { ...request, body: variant.body };
          let sent = 0;
          const counting = (input) => {
            sent++;
            return fetch(input);
          };
          const local = await client({ fetch: counting })[operation.method](operation.path, invalid).catch((error) => error);
          expect(local).toBeInstanceOf(ValidationError);
          expect(local.local).toBe(true);
          expect(local.issues.map((issue) => issue.path).join(" ")).toContain(variant.field);
          expect(sent).toBe(0);

          if (variant.prismSees === false) return;
          const remote = await client({ validate: false })[operation.method](operation.path, invalid).catch((error) => error);
          expect(remote).toBeInstanceOf(ValidationError);
          expect(remote.local).toBe(false);
          // Prism answers 422, or the operation's own 400 when the spec declares one.
          expect([400, 422]).toContain(remote.status);
        });
      }
    }
  });
  return { doc, operations };
}
