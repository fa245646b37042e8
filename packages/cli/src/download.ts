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

/**
 * How long a download may go without a byte (60 s) before it is given up: a server that stops
 * sending would otherwise hold the command (or the MCP tool call) until someone presses Ctrl-C.
 */
export const DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;

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
  /** Longest wait for the answer or its next bytes; `DOWNLOAD_IDLE_TIMEOUT_MS` by default. */
  idleTimeoutMs?: number | undefined;
}

export async function downloadOutputs(outputs: readonly MediaOutput[], directory: string, jobId: string, options: DownloadOptions): Promise<string[]> {
  const { signal, provider } = options;
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const idleTimeoutMs = options.idleTimeoutMs ?? DOWNLOAD_IDLE_TIMEOUT_MS;
  const failure = (message: string) => new ProviderError(message, { provider, operation: "download" });
  const tooLarge = (index: number, host: string) => failure(`download of output ${index + 1} from ${host} is larger than ${maxBytes} bytes; refused, nothing kept`);
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  for (const [index, output] of outputs.entries()) {
    const host = new URL(output.url).host;
    // Armed until the answer comes, and again at every chunk: a silent server ends the download.
    const idle = new AbortController();
    let idleTimer: NodeJS.Timeout | undefined;
    const rearm = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(failure(`download of output ${index + 1} from ${host} stalled: no data for ${idleTimeoutMs} ms; nothing kept`)), idleTimeoutMs);
    };
    const downloadSignal = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
    let file: string | undefined;
    rearm();
    try {
      const response = await fetch(output.url, { signal: downloadSignal });
      if (!response.ok || !response.body) throw failure(`download of output ${index + 1} failed: HTTP ${response.status} from ${host}`);
      // A declared length over the bound is refused before a byte is written.
      if (Number(response.headers.get("content-length")) > maxBytes) {
        await response.body.cancel().catch(() => {});
        throw tooLarge(index, host);
      }
      file = join(directory, `${safeName(jobId)}-${index + 1}.${extensionOf(output.url, response.headers.get("content-type"), output.mediaType)}`);
      // A body without a length (or lying about it) is counted as it streams and cut off at the bound.
      let received = 0;
      const bound = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          rearm();
          received += chunk.length;
          callback(received > maxBytes ? tooLarge(index, host) : null, chunk);
        },
      });
      rearm();
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), bound, createWriteStream(file), { signal: downloadSignal });
    } catch (error) {
      // A canceled, broken, stalled or oversized download leaves no half file behind.
      if (file !== undefined) await rm(file, { force: true });
      // The stall is said as such (fetch and pipeline report it as a bare abort).
      if (idle.signal.aborted && !signal?.aborted) throw idle.signal.reason;
      throw error;
    } finally {
      clearTimeout(idleTimer);
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
