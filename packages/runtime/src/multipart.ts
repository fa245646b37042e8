/**
 * The multipart body serializer, in its own module: only the few upload operations need it, so the
 * client loads it on the first one instead of with every client.
 */

/** Multipart bodies: plain values become fields, Blobs and byte arrays become file parts. */
export function toFormData(body: unknown): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item instanceof Blob) form.append(name, item, (item as File).name ?? name);
      else if (item instanceof Uint8Array || item instanceof ArrayBuffer) form.append(name, new Blob([item as BlobPart]), name);
      else form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  return form;
}
