// Finds what in a page would make the browser fetch from another host: scripts, stylesheets, images,
// frames, media, preloads, CSS url()/@import and ES module imports with an absolute or
// protocol-relative address. Plain links (<a href>) are not fetched by opening the page and are fine.
import { readdirSync, readFileSync } from "node:fs";
import { extname, join, relative } from "node:path";

const EXTERNAL = /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i; // http://, https://, //host, ftp://, …
const TAG = /<([a-z][a-z0-9-]*)\b([^>]*)>/gi;
const ATTRIBUTE = /([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;
/** Attributes that make the browser fetch, on any element. */
const FETCHING = new Set(["src", "srcset", "poster", "data", "background", "imagesrcset", "manifest", "action", "formaction"]);
/** Elements whose href is fetched (unlike <a href>). */
const FETCHING_HREF = new Set(["link", "image", "use", "base", "feimage"]);
const CSS_URL = /url\(\s*(['"]?)([^'")]*)\1\s*\)/gi;
const CSS_IMPORT = /@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)/gi;
const JS_IMPORT = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*|\(\s*)["'`]([^"'`]+)["'`]/g;
const META_REFRESH = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*content\s*=\s*["'][^"']*url\s*=\s*([^"'\s>]+)/gi;

/**
 * @param {string} html
 * @returns {string[]} one line per external reference
 */
export function externalReferencesInHtml(html) {
  const found = [];
  for (const [, name, attributes] of html.matchAll(TAG)) {
    const tag = name.toLowerCase();
    for (const [, attribute, double, single, bare] of attributes.matchAll(ATTRIBUTE)) {
      const key = attribute.toLowerCase();
      const value = double ?? single ?? bare ?? "";
      const fetched = FETCHING.has(key) || ((key === "href" || key === "xlink:href") && FETCHING_HREF.has(tag));
      if (!fetched) continue;
      const urls = key.endsWith("srcset") ? value.split(",").map((candidate) => candidate.trim().split(/\s+/)[0]) : [value];
      for (const url of urls) if (EXTERNAL.test(url)) found.push(`<${tag} ${key}="${url}">`);
    }
    const style = /\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attributes);
    if (style) found.push(...externalReferencesInCss(style[1] ?? style[2]));
  }
  for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) found.push(...externalReferencesInCss(body));
  for (const [, body] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const [, specifier] of body.matchAll(JS_IMPORT)) if (EXTERNAL.test(specifier)) found.push(`import "${specifier}"`);
  }
  for (const [, url] of html.matchAll(META_REFRESH)) if (EXTERNAL.test(url)) found.push(`<meta refresh ${url}>`);
  return found;
}

/** @param {string} css */
export function externalReferencesInCss(css) {
  const found = [];
  for (const [, , url] of css.matchAll(CSS_URL)) if (EXTERNAL.test(url)) found.push(`url(${url})`);
  for (const [, url] of css.matchAll(CSS_IMPORT)) if (EXTERNAL.test(url)) found.push(`@import ${url}`);
  return found;
}

/**
 * Every external reference in the HTML and CSS files of a built site.
 * @param {string} dir
 * @returns {{ file: string, reference: string }[]}
 */
export function externalReferencesInSite(dir) {
  const found = [];
  for (const file of listFiles(dir)) {
    const type = extname(file);
    if (type !== ".html" && type !== ".css") continue;
    const text = readFileSync(file, "utf8");
    const references = type === ".html" ? externalReferencesInHtml(text) : externalReferencesInCss(text);
    for (const reference of references) found.push({ file: relative(dir, file), reference });
  }
  return found;
}

/** @param {string} dir @returns {string[]} */
export function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}
