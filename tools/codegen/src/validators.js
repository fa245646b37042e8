// Request validators, compiled from the spec at generation time: Ajv emits standalone JavaScript for
// every operation's body and parameters, and esbuild bundles that code with the few Ajv runtime
// helpers it needs into one dependency-free module. Nothing is compiled when a client starts.
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { _ } from "ajv";
import addFormats from "ajv-formats";
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const codegenDir = dirname(fileURLToPath(import.meta.url));
// Absolute ids, so that references resolve the same from every validator schema.
const SPEC_ID = "https://studiokit.invalid/spec";

/** The Ajv options shared with our tests that compare verdicts against Prism. */
export function createAjv(options = {}) {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    validateFormats: true,
    ...options,
  });
  addFormats(ajv);
  return ajv;
}

/** The exported name of a validator: `<operationId>_<part>`. */
export const validatorName = (operationId, part) => `${operationId}_${part}`;

/** Builds the JSON Schemas to validate each operation's body, query, path and header parameters. */
export function validatorSchemas(operations) {
  /** @type {Record<string, object>} */
  const schemas = {};
  for (const operation of operations) {
    if (operation.body && operation.body.contentType !== "application/octet-stream") {
      schemas[validatorName(operation.operationId, "body")] = { $ref: `${SPEC_ID}${operation.body.schemaPointer}` };
    }
    for (const part of ["query", "path"]) {
      const params = operation.params[part];
      if (params.length === 0) continue;
      schemas[validatorName(operation.operationId, part)] = {
        type: "object",
        properties: Object.fromEntries(params.map((param) => [param.name, { $ref: `${SPEC_ID}${param.schemaPointer}` }])),
        required: params.filter((param) => param.required).map((param) => param.name),
      };
    }
  }
  return schemas;
}

/** Compiles in memory (for tests and tools that need a verdict now). */
export function compileValidators(doc, operations) {
  const ajv = createAjv();
  ajv.addSchema(doc, SPEC_ID, undefined, false);
  const schemas = validatorSchemas(operations);
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, ajv.compile(schema)]));
}

/** Emits the standalone validator module's source. */
export async function emitValidatorsModule(doc, operations, header) {
  const ajv = createAjv({
    code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  ajv.addSchema(doc, SPEC_ID, undefined, false);
  const schemas = validatorSchemas(operations);
  const ids = {};
  for (const [name, schema] of Object.entries(schemas)) {
    ajv.addSchema({ $id: `https://studiokit.invalid/validators/${name}`, ...schema });
    ids[name] = `https://studiokit.invalid/validators/${name}`;
  }
  const raw = standaloneCode(ajv, ids);

  // Bundle the `require`d Ajv helpers and formats into the module so the package needs no Ajv.
  // The source goes in through stdin so that no temporary path ends up in the output.
  const result = await build({
    stdin: { contents: raw, resolveDir: codegenDir, sourcefile: "validators.mjs", loader: "js" },
    absWorkingDir: join(codegenDir, "..", "..", ".."),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    legalComments: "none",
    minifySyntax: true,
    banner: { js: header },
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}
