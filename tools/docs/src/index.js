// @studiokit-tools/docs: builds the static docs site (pnpm run docs) and serves it (pnpm start).
export { buildSite } from "./site.js";
export { startDocsServer, contentTypeOf, CONTENT_TYPES } from "./server.js";
export { defaultSiteDir } from "./paths.js";
export { externalReferencesInHtml, externalReferencesInCss, externalReferencesInSite } from "./offline.js";
export { capabilityMatrix } from "./facade.js";
export { renderMarkdown } from "./markdown.js";
export { loadRedocBundle, localizeRedocPage } from "./redoc.js";
export { internalCitationsInSpec, internalCitationsInSite, INTERNAL_CITATION } from "./citations.js";
