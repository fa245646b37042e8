/** Saves a job's outputs into a folder: one file per output, named after the job and its position. */
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ProviderError, type MediaOutput, type ProviderId } from "studiokit";

/**
 * The largest output saved (1 GiB). The URL and the bytes behind it are the provider's (or whoever
 * answers there) to choose: without a bound, an endless body fills the disk. A generated image or
 * clip is far smaller.
 */
export const MAX_DOWNLOAD_BYTES = 1024 ** 3;

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

export interface DownloadOptions {
  /** Whose outputs these are: a failed download is that provider's error (exit 9), not a bug of the CLI. */
  provider: ProviderId;
  signal?: AbortSignal | undefined;
  /** Per file; `MAX_DOWNLOAD_BYTES` by default. */
  maxBytes?: number | undefined;
}

export async function downloadOutputs(outputs: readonly MediaOutput[], directory: string, jobId: string, options: DownloadOptions): Promise<string[]> {
  const { signal, provider } = options;
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const failure = (message: string) => new ProviderError(message, { provider, operation: "download" });
  const tooLarge = (index: number, host: string) => failure(`download of output ${index + 1} from ${host} is larger than ${maxBytes} bytes; refused, nothing kept`);
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  for (const [index, output] of outputs.entries()) {
    const response = await fetch(output.url, { signal: signal ?? null });
    const host = new URL(output.url).host;
    if (!response.ok || !response.body) throw failure(`download of output ${index + 1} failed: HTTP ${response.status} from ${host}`);
    // A declared length over the bound is refused before a byte is written.
    if (Number(response.headers.get("content-length")) > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw tooLarge(index, host);
    }
    const file = join(directory, `${safeName(jobId)}-${index + 1}.${extensionOf(output.url, response.headers.get("content-type"), output.mediaType)}`);
    // A body without a length (or lying about it) is counted as it streams and cut off at the bound.
    let received = 0;
    const bound = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(received > maxBytes ? tooLarge(index, host) : null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), bound, createWriteStream(file), { signal: signal ?? new AbortController().signal });
    } catch (error) {
      // A canceled, broken or oversized download leaves no half file behind.
      await rm(file, { force: true });
      throw error;
    }
    files.push(file);
  }
  return files;
}

/**
 * The whole body in memory, or undefined when it is larger than `maxBytes` (declared or counted as
 * it arrives; the rest is never read). For media embedded in an MCP result, where an endless body
 * read whole would end the server.
 */
export async function readBounded(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  if (Number(response.headers.get("content-length")) > maxBytes) {
    await response.body.cancel().catch(() => {});
    return undefined;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, total);
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
}
