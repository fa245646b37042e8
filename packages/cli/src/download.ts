/** Saves a job's outputs into a folder: one file per output, named after the job and its position. */
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { MediaOutput } from "studiokit";

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
};

/** The file extension: from the response's type, else the URL's own, else `bin`. */
function extensionOf(url: string, contentType: string | null, declared: string): string {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const fromType = EXTENSIONS[type] ?? EXTENSIONS[declared];
  if (fromType) return fromType;
  const fromUrl = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1];
  return fromUrl?.toLowerCase() ?? "bin";
}

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);

export async function downloadOutputs(outputs: readonly MediaOutput[], directory: string, jobId: string, signal?: AbortSignal): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  for (const [index, output] of outputs.entries()) {
    const response = await fetch(output.url, { signal: signal ?? null });
    if (!response.ok || !response.body) throw new Error(`download of output ${index + 1} failed: HTTP ${response.status} from ${new URL(output.url).host}`);
    const file = join(directory, `${safeName(jobId)}-${index + 1}.${extensionOf(output.url, response.headers.get("content-type"), output.mediaType)}`);
    try {
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), createWriteStream(file), { signal: signal ?? new AbortController().signal });
    } catch (error) {
      // A canceled or broken download leaves no half file behind.
      await rm(file, { force: true });
      throw error;
    }
    files.push(file);
  }
  return files;
}
