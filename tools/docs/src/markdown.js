// Markdown to HTML for the facade guide (packages/studiokit/README.md), kept offline: an image on
// another host (a badge, say) becomes a plain link, a local image is copied next to the page, and raw
// HTML that would fetch from another host is shown as text instead of being rendered.
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { Marked } from "marked";
import { externalReferencesInHtml } from "./offline.js";

export const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]);

const HAS_SCHEME = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * @param {string} markdown
 * @param {{ baseDir: string, outDir: string }} options baseDir: where the markdown file lives (its
 *   relative images are looked up there, never outside it); outDir: the folder of the page written.
 * @returns {{ html: string, title: string | undefined, copied: string[] }}
 */
export function renderMarkdown(markdown, { baseDir, outDir }) {
  const copied = [];
  const ids = new Map();
  let title;
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        const text = inner.replace(/<[^>]+>/g, "");
        if (depth === 1 && title === undefined) title = text;
        const base = slug(text) || "section";
        const seen = ids.get(base) ?? 0;
        ids.set(base, seen + 1);
        const id = seen === 0 ? base : `${base}-${seen}`;
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
      image({ href, title: imageTitle, text }) {
        const alt = escapeHtml(text || "image");
        if (!href || HAS_SCHEME.test(href)) {
          // Not loaded: offered as a link, so that opening the page fetches nothing from elsewhere.
          return href && /^https?:/i.test(href) ? `<a class="external-image" href="${escapeHtml(href)}">${alt}</a>` : alt;
        }
        const target = localImage(href, baseDir);
        if (!target) return alt;
        const destination = join(outDir, target);
        mkdirSync(dirname(destination), { recursive: true });
        copyFileSync(join(baseDir, target), destination);
        copied.push(target);
        const titleAttribute = imageTitle ? ` title="${escapeHtml(imageTitle)}"` : "";
        return `<img src="${escapeHtml(target.split(sep).join("/"))}" alt="${alt}"${titleAttribute} />`;
      },
      html({ text }) {
        return externalReferencesInHtml(text).length > 0 || /<(?:script|iframe|object|embed)\b/i.test(text) ? `<pre class="raw-html">${escapeHtml(text)}</pre>` : text;
      },
    },
  });
  const html = marked.parse(markdown, { async: false });
  return { html: String(html), title, copied };
}

/** A relative image path inside baseDir that exists, or undefined. */
function localImage(href, baseDir) {
  let path;
  try {
    path = decodeURIComponent(href.split(/[?#]/)[0]);
  } catch {
    return undefined;
  }
  if (!path || isAbsolute(path)) return undefined;
  const full = resolve(baseDir, path);
  const inside = relative(baseDir, full);
  if (!inside || inside.startsWith("..") || isAbsolute(inside)) return undefined;
  return existsSync(full) && statSync(full).isFile() ? inside : undefined;
}

/** GitHub-style heading anchors: lower case, punctuation dropped, spaces to dashes. */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/&[a-z0-9#]+;/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}
