// The generator's API. Importing it is cheap: the emitter (Ajv here, openapi-typescript and
// TypeScript in its types thread) loads on the first emitPackage, so tools that only read specs
// (mocks, docs) never pay for it.
export { generate } from "./generate.js";
export { collectOperations, collectAuthSchemes, collectServers } from "./operations.js";
export { compileValidators, createAjv, responseValidatorSchemas, validatorName } from "./validators.js";
export { loadBundledSpec, deref, resolvePointer } from "./spec.js";
export { quickStartCall, requiredParams, objectLiteral } from "./snippets.js";
export { providers, providerById, specPath, packageDir, repoRoot, docsPort } from "./providers.js";

/** @type {typeof import("./emit.js").emitPackage} */
export async function emitPackage(...args) {
  const { emitPackage: emit } = await import("./emit.js");
  return emit(...args);
}
