// The spec's TypeScript types, printed by openapi-typescript's own transform. Its entry point
// (`openapiTS`) would first load its whole Redocly (@redocly/openapi-core), lint the document with
// it and bundle it again, about half of a cold run's type generation. Here that is all redundant:
// the document we hand over is already bundled by loadBundledSpec (only internal `$ref`s left, and
// Redocly's bundle returns such a document as it is: same object, unchanged), and the one rule
// openapiTS lints for, unique operationIds, is checked by collectOperations before anything is
// emitted. So this module calls the transform that openapiTS calls, with the same context, and loads
// only the transform's modules (TypeScript and Redocly's small ref-utils, never the rest of Redocly).
// A test (test/types.test.js) proves the output is byte for byte what openapiTS prints.
import { createRequire } from "node:module";

// Through require, not `import`: for a CommonJS package an ESM import first scans the whole file
// for its named exports, and typescript.js is 9 MB. The deep paths are public (openapi-typescript's
// exports map exposes `./*`); the version is pinned in package.json and the lockfile, which are part
// of the generation cache's key.
const require = createRequire(import.meta.url);
/** @type {(schema: object, ctx: object) => import("typescript").Node[]} */
const transformSchema = require("openapi-typescript/dist/transform/index.cjs");
/** @type {typeof import("openapi-typescript").astToString} */
const { astToString } = require("openapi-typescript/dist/lib/ts.cjs");
/** @type {{ scanDiscriminators: typeof import("openapi-typescript").scanDiscriminators, resolveRef: typeof import("openapi-typescript").resolveRef }} */
const { scanDiscriminators, resolveRef } = require("openapi-typescript/dist/lib/utils.cjs");
/** @type {typeof import("typescript")} */
const ts = require("typescript");

// The generated packages' options. defaultNonNullable: false keeps fields with a spec default
// optional in requests (the provider fills them in); otherwise `{ prompt }` alone would not
// type-check. emptyObjectsUnknown: a free-form `type: object` takes any fields instead of none.
export const TYPES_OPTIONS = { silent: true, alphabetize: false, exportType: false, defaultNonNullable: false, emptyObjectsUnknown: true, transform: fileFieldType };

/** File fields (`format: binary`) are typed as what callers actually pass: a Blob, File or bytes. */
function fileFieldType(schema) {
  if (schema.format !== "binary") return undefined;
  return ts.factory.createUnionTypeNode([ts.factory.createTypeReferenceNode("Blob"), ts.factory.createTypeReferenceNode("Uint8Array")]);
}

/** The body of a generated package's src/schema.ts: the spec's types with TYPES_OPTIONS. */
export const schemaTypes = (doc) => printTypes(doc, TYPES_OPTIONS);

/**
 * What `astToString(await openapiTS(doc, options))` returns for a bundled document, without
 * openapiTS's Redocly lint and bundle.
 * @param {Record<string, any>} doc bundled OpenAPI 3.x document (no external `$ref`)
 * @param {import("openapi-typescript").OpenAPITSOptions} options
 * @returns {string}
 */
export function printTypes(doc, options = {}) {
  // The checks openapiTS's validateAndBundle makes before linting.
  const version = Number.parseFloat(doc.openapi);
  if (doc.swagger) throw new Error("Unsupported Swagger version: 2.x. Use OpenAPI 3.x instead.");
  if (!doc.openapi || Number.isNaN(version) || version < 3 || version >= 4) throw new Error(`Unsupported OpenAPI version: ${doc.openapi}`);
  return astToString(transformSchema(doc, transformContext(doc, options)));
}

/** The context openapiTS (openapi-typescript 7.13.0, dist/index.cjs) builds from its options, field for field. */
function transformContext(schema, options) {
  return {
    additionalProperties: options.additionalProperties ?? false,
    alphabetize: options.alphabetize ?? false,
    arrayLength: options.arrayLength ?? false,
    defaultNonNullable: options.defaultNonNullable ?? true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: options.emptyObjectsUnknown ?? false,
    enum: options.enum ?? false,
    enumValues: options.enumValues ?? false,
    conditionalEnums: options.conditionalEnums ?? false,
    dedupeEnums: options.dedupeEnums ?? false,
    excludeDeprecated: options.excludeDeprecated ?? false,
    exportType: options.exportType ?? false,
    immutable: options.immutable ?? false,
    rootTypes: options.rootTypes ?? false,
    rootTypesNoSchemaPrefix: options.rootTypesNoSchemaPrefix ?? false,
    rootTypesKeepCasing: options.rootTypesKeepCasing ?? false,
    injectFooter: [],
    pathParamsAsTypes: options.pathParamsAsTypes ?? false,
    postTransform: typeof options.postTransform === "function" ? options.postTransform : undefined,
    propertiesRequiredByDefault: options.propertiesRequiredByDefault ?? false,
    // Only openapiTS itself reads its Redocly config (to lint and bundle); the transform never does.
    redoc: undefined,
    silent: options.silent ?? false,
    inject: options.inject ?? undefined,
    transform: typeof options.transform === "function" ? options.transform : undefined,
    transformProperty: typeof options.transformProperty === "function" ? options.transformProperty : undefined,
    makePathsEnum: options.makePathsEnum ?? false,
    generatePathParams: options.generatePathParams ?? false,
    readWriteMarkers: options.readWriteMarkers ?? false,
    resolve($ref) {
      return resolveRef(schema, $ref, { silent: options.silent ?? false });
    },
  };
}
