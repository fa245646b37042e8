/**
 * The studiokit MCP server: the facade's tools (generate_image, generate_video, submit_job,
 * get_job_status, wait_for_job, list_characters, create_character) and, opt-in per provider, every
 * raw operation of its spec as a tool whose input schema is the spec's JSON Schema.
 *
 * - Only providers with a key configured are offered (every `provider` enum lists just those).
 * - A wait never runs past `maxWaitSeconds` (default 45, at most 55), below the 60 s request timeout
 *   MCP clients use by default; an unfinished job comes back as `done: false` with its handle, to be
 *   passed to wait_for_job again. While waiting, progress notifications go to clients that ask.
 * - Job handles are plain JSON objects; agents pass them back as they got them.
 * - Keys never appear in a result, an error or a log: the clients redact what they throw, and every
 *   text leaving here is scrubbed again with the configured keys.
 *
 * It uses the SDK's low-level `Server` rather than `McpServer` because the raw tools' input schemas
 * are JSON Schemas read from the specs at run time, not zod schemas.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import type { CatalogOperation, JsonSchema } from "@studiokit/runtime";
import { redactText, redactValue } from "@studiokit/runtime";
import { capabilities, isProviderId, StudioKitError, type ProviderId, type StudioJobHandle, type StudioJobStatus } from "studiokit";
import { catalogOf } from "../catalogs.js";
import { CliError } from "../errors.js";
import { publicStatus } from "../program.js";
import { readBounded } from "../download.js";
import { buildRequest, rawInputSchema, sendRaw } from "../raw.js";
import type { Settings } from "../settings.js";

export interface McpServerOptions {
  settings: Settings;
  /** Providers whose raw operations are offered as tools (they must have a key too). */
  rawProviders?: readonly ProviderId[] | undefined;
  /** Where the server's own log lines go (stderr for stdio: stdout is the protocol). */
  log?: ((line: string) => void) | undefined;
  version?: string | undefined;
}

const DEFAULT_WAIT_SECONDS = 45;
const MAX_WAIT_SECONDS = 55;
/** Media larger than this is linked, not embedded. */
const MAX_EMBED_BYTES = 10 * 1024 * 1024;

type Handler = (args: Record<string, unknown>, context: ToolContext) => Promise<CallToolResult>;

interface ToolContext {
  signal: AbortSignal;
  progress: (status: StudioJobStatus) => Promise<void>;
}

export function createMcpServer(options: McpServerOptions): Server {
  const { settings } = options;
  const offered = settings.configuredProviders();
  const scrub = <T>(value: T): T => redactValue(value, settings.secrets());
  const tools = new Map<string, { tool: Tool; handler: Handler }>();
  const add = (tool: Tool, handler: Handler) => tools.set(tool.name, { tool, handler });

  const withImages = offered.filter((id) => capabilities[id].images !== false);
  const withVideos = offered.filter((id) => capabilities[id].videos !== false);
  const withJobs = offered.filter((id) => capabilities[id].jobs !== false);
  const listing = offered.filter((id) => capabilities[id].characters.list);
  const creating = offered.filter((id) => capabilities[id].characters.create);

  const providerSchema = (ids: readonly ProviderId[]): JsonSchema => ({
    type: "string",
    enum: [...ids],
    description: `The provider: ${ids.map((id) => `${id} (${catalogOf(id).name})`).join(", ")}.`,
  });
  const handleSchema: JsonSchema = {
    type: "object",
    description: "A job handle exactly as submit_job, generate_image or generate_video returned it.",
    properties: { provider: { type: "string", enum: [...withJobs] }, id: { type: "string" }, kind: { type: "string" } },
    required: ["provider", "id", "kind"],
    additionalProperties: true,
  };
  const waitSchema: JsonSchema = {
    type: "number",
    minimum: 1,
    maximum: MAX_WAIT_SECONDS,
    default: DEFAULT_WAIT_SECONDS,
    description: `How long to wait before returning done: false (at most ${MAX_WAIT_SECONDS} s, under the usual 60 s client timeout).`,
  };
  const includeMediaSchema: JsonSchema = { type: "boolean", default: false, description: "Also return the media itself (images inline, others as embedded resources) up to 10 MiB each." };
  const imageProperties: Record<string, JsonSchema> = {
    prompt: { type: "string", minLength: 1 },
    n: { type: "integer", minimum: 1, description: "How many images (default 1)." },
    aspectRatio: { type: "string", pattern: "^\\d+(\\.\\d+)?:\\d+(\\.\\d+)?$", description: "Width:height, e.g. 9:16." },
    seed: { type: "integer" },
    negativePrompt: { type: "string" },
    character: { type: "string", description: "A character id of the provider (list_characters)." },
    referenceImages: { type: "array", items: { type: "string", format: "uri" } },
    providerOptions: { type: "object", description: "The provider's own request fields, sent as given." },
  };
  const videoProperties: Record<string, JsonSchema> = {
    prompt: { type: "string", minLength: 1, description: "What happens; for an avatar provider, the script it speaks." },
    image: { type: "string", format: "uri", description: "The image the video starts from." },
    durationSeconds: { type: "number", exclusiveMinimum: 0 },
    aspectRatio: { type: "string", pattern: "^\\d+(\\.\\d+)?:\\d+(\\.\\d+)?$" },
    audio: { type: "boolean" },
    character: { type: "string", description: "A character or avatar id (list_characters); some providers require one." },
    providerOptions: { type: "object", description: "The provider's own request fields, sent as given." },
  };

  const studioFor = (provider: unknown, allowed: readonly ProviderId[]) => {
    if (!isProviderId(provider) || !allowed.includes(provider)) {
      throw new CliError(`provider must be one of ${allowed.join(", ") || "(none configured)"}`, "usage");
    }
    return settings.studio(provider);
  };
  const facadeOptions = (args: Record<string, unknown>, provider: string, signal: AbortSignal) => {
    const { provider: _provider, maxWaitSeconds: _wait, includeMedia: _media, kind: _kind, providerOptions, ...rest } = args;
    return { ...rest, ...(providerOptions ? { providerOptions: { [provider]: providerOptions } } : {}), signal };
  };

  /** Waits at most `seconds`; an unfinished job is an answer, not an error. */
  async function boundedWait(handle: StudioJobHandle<ProviderId>, seconds: unknown, context: ToolContext, includeMedia: boolean): Promise<CallToolResult> {
    const bound = Math.min(MAX_WAIT_SECONDS, Math.max(1, typeof seconds === "number" ? seconds : DEFAULT_WAIT_SECONDS));
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), bound * 1000);
    let latest: StudioJobStatus | undefined;
    try {
      const studio = settings.studio(handle.provider);
      const final = await studio.jobs.wait(handle, {
        signal: AbortSignal.any([context.signal, timer.signal]),
        onProgress: (status) => {
          latest = status;
          void context.progress(status);
        },
      });
      return await statusResult(final, true, includeMedia, context.signal);
    } catch (error) {
      if (timer.signal.aborted && !context.signal.aborted) {
        const status = latest ?? (await settings.studio(handle.provider).jobs.status(handle, { signal: context.signal }));
        return json({ done: false, ...publicStatus(status), handle, next: "call wait_for_job with this handle to keep waiting" });
      }
      throw error;
    } finally {
      clearTimeout(timeout);
    }
  }

  async function statusResult(status: StudioJobStatus, done: boolean, includeMedia: boolean, signal: AbortSignal): Promise<CallToolResult> {
    const result = json({ done, ...publicStatus(status) });
    if (includeMedia) result.content.push(...(await embedMedia(status, signal)));
    return result;
  }

  if (withImages.length > 0) {
    add(
      {
        name: "generate_image",
        description: "Generate images and wait for them (bounded): returns their URLs, or done: false with a job handle for wait_for_job.",
        inputSchema: object({ provider: providerSchema(withImages), ...imageProperties, maxWaitSeconds: waitSchema, includeMedia: includeMediaSchema }, ["provider", "prompt"]),
      },
      async (args, context) => {
        const studio = studioFor(args.provider, withImages);
        const handle = await studio.images.submit(facadeOptions(args, studio.provider, context.signal) as never);
        return boundedWait(handle, args.maxWaitSeconds, context, args.includeMedia === true);
      },
    );
  }
  if (withVideos.length > 0) {
    add(
      {
        name: "generate_video",
        description: "Generate a video and wait for it (bounded): returns its URL, or done: false with a job handle for wait_for_job.",
        inputSchema: object({ provider: providerSchema(withVideos), ...videoProperties, maxWaitSeconds: waitSchema, includeMedia: includeMediaSchema }, ["provider", "prompt"]),
      },
      async (args, context) => {
        const studio = studioFor(args.provider, withVideos);
        const handle = await studio.videos.submit(facadeOptions(args, studio.provider, context.signal) as never);
        return boundedWait(handle, args.maxWaitSeconds, context, args.includeMedia === true);
      },
    );
  }
  if (withImages.length > 0 || withVideos.length > 0) {
    add(
      {
        name: "submit_job",
        description: "Start an image or video generation and return its job handle at once (follow it with get_job_status or wait_for_job).",
        inputSchema: object(
          {
            kind: { type: "string", enum: [...(withImages.length ? ["image"] : []), ...(withVideos.length ? ["video"] : [])] },
            provider: providerSchema([...new Set([...withImages, ...withVideos])]),
            ...videoProperties,
            ...imageProperties,
            webhookUrl: { type: "string", format: "uri", description: "A URL the provider notifies as the job moves, where it takes one (Influencer Studio, AI Studios)." },
          },
          ["kind", "provider", "prompt"],
        ),
      },
      async (args, context) => {
        const video = args.kind === "video";
        const studio = studioFor(args.provider, video ? withVideos : withImages);
        const options = facadeOptions(args, studio.provider, context.signal) as never;
        const handle = video ? await studio.videos.submit(options) : await studio.images.submit(options);
        return json({ handle, warnings: handle.warnings ?? [] });
      },
    );
  }
  if (withJobs.length > 0) {
    add(
      {
        name: "get_job_status",
        description: "One look at a job: state, progress, queue position and, once done, the output URLs.",
        inputSchema: object({ handle: handleSchema, includeMedia: includeMediaSchema }, ["handle"]),
      },
      async (args, context) => {
        const handle = handleArg(args.handle);
        const status = await studioFor(handle.provider, withJobs).jobs.status(handle, { signal: context.signal });
        return statusResult(status, ["succeeded", "failed", "canceled"].includes(status.state), args.includeMedia === true, context.signal);
      },
    );
    add(
      {
        name: "wait_for_job",
        description: `Wait for a job, at most maxWaitSeconds (default ${DEFAULT_WAIT_SECONDS}), reporting progress; returns the outputs, or done: false to call again.`,
        inputSchema: object({ handle: handleSchema, maxWaitSeconds: waitSchema, includeMedia: includeMediaSchema }, ["handle"]),
      },
      async (args, context) => {
        const handle = handleArg(args.handle);
        studioFor(handle.provider, withJobs);
        return boundedWait(handle, args.maxWaitSeconds, context, args.includeMedia === true);
      },
    );
  }
  if (listing.length > 0) {
    add(
      {
        name: "list_characters",
        description: "The provider's characters, influencers or avatars (ids to pass as character).",
        inputSchema: object({ provider: providerSchema(listing) }, ["provider"]),
      },
      async (args, context) => {
        const list = await studioFor(args.provider, listing).characters.list({ signal: context.signal });
        return json({ characters: list.map(({ raw: _raw, ...character }) => character) });
      },
    );
  }
  if (creating.length > 0) {
    add(
      {
        name: "create_character",
        description: "Create a character from image URLs (the first is the face).",
        inputSchema: object(
          {
            provider: providerSchema(creating),
            name: { type: "string" },
            images: { type: "array", items: { type: "string", format: "uri" }, minItems: 1 },
            traits: { type: "object", additionalProperties: { type: "string" } },
            providerOptions: { type: "object" },
          },
          ["provider", "images"],
        ),
      },
      async (args, context) => {
        const studio = studioFor(args.provider, creating);
        const { provider: _provider, providerOptions, ...input } = args;
        const created = await studio.characters.create({
          ...(input as { images: string[] }),
          ...(providerOptions ? { providerOptions: { [studio.provider]: providerOptions } } : {}),
          signal: context.signal,
        });
        const { raw: _raw, ...character } = created;
        return json({ character });
      },
    );
  }

  // Raw operations: opt-in per provider, so the tool list stays usable.
  for (const provider of options.rawProviders ?? []) {
    if (!offered.includes(provider)) {
      options.log?.(`studiokit mcp: no key for ${provider}; its raw operations are not offered`);
      continue;
    }
    for (const operation of catalogOf(provider).operations) {
      // File uploads cannot travel as JSON arguments; the facade's tools upload where needed.
      if (operation.body?.binaryFields?.length) continue;
      add(rawTool(provider, operation), async (args, context) => {
        const { body, ...params } = args;
        const request = buildRequest(operation, params, body);
        const data = await sendRaw(settings.studio(provider), operation, request, context.signal);
        return json(data);
      });
    }
  }

  const server = new Server(
    { name: "studiokit", version: options.version ?? "0.1.0" },
    {
      capabilities: { tools: {} },
      instructions:
        `Generate images and videos with ${offered.map((id) => catalogOf(id).name).join(", ") || "no provider (none has a key)"}. ` +
        `Long jobs: a result with done: false carries a handle; pass that handle unchanged to wait_for_job until done is true. ` +
        `Character ids for the character option come from list_characters.`,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...tools.values()].map((entry) => entry.tool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const entry = tools.get(request.params.name);
    if (!entry) return errorResult(`unknown tool ${request.params.name}`, "usage");
    const token = request.params._meta?.progressToken;
    let sent: number | undefined;
    let lastMessage = "";
    let delivered: Promise<void> = Promise.resolve();
    const progress = async (status: StudioJobStatus) => {
      if (token === undefined) return;
      const percent = Math.round((status.progress ?? 0) * 100);
      // A queue position matters only while the job waits (AliveAI keeps reporting 0 while it runs).
      const queue = status.state === "queued" && status.queuePosition !== undefined ? `, queue ${status.queuePosition}` : "";
      const message = `${status.state}${queue}`;
      // MCP requires progress to grow with every notification and never to pass the total: a change
      // without new progress (a queue move) adds a hundredth, and only an ended job reaches 100.
      const ended = ["succeeded", "failed", "canceled"].includes(status.state);
      const target = ended ? 100 : Math.min(percent, 99);
      // One notification per change, not per poll.
      if (sent !== undefined && target <= sent && message === lastMessage) return;
      const next = sent === undefined ? target : Math.round(Math.max(sent + 0.01, target) * 100) / 100;
      if (next > (ended ? 100 : 99.99)) return;
      sent = next;
      lastMessage = message;
      const params = { progressToken: token, progress: sent, total: 100, message };
      // In order, and all of them before the tool's result: the job's progress reaches the client
      // from a synchronous callback, so the last one could otherwise arrive after the result.
      delivered = delivered.then(() => extra.sendNotification({ method: "notifications/progress", params }).catch(() => {}));
      await delivered;
    };
    try {
      const args = request.params.arguments ?? {};
      // The SDK's low-level server does not check arguments against the schema; a misspelt field
      // must not be dropped silently (the values themselves are checked by the facade and validators).
      const known = Object.keys((entry.tool.inputSchema.properties as Record<string, unknown> | undefined) ?? {});
      const unknown = Object.keys(args).filter((name) => !known.includes(name));
      if (unknown.length > 0) throw new CliError(`unknown argument${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; ${entry.tool.name} takes ${known.join(", ")}`, "usage");
      const result = await entry.handler(args, { signal: extra.signal, progress });
      await delivered;
      return scrub(result);
    } catch (error) {
      await delivered;
      const code = error instanceof StudioKitError ? error.code : error instanceof CliError ? error.kind : "internal";
      const issues = error instanceof StudioKitError && "issues" in error ? (error as { issues: unknown }).issues : undefined;
      const message = redactText(error instanceof Error ? error.message : String(error), settings.secrets());
      if (code === "internal") options.log?.(`studiokit mcp: ${request.params.name} failed: ${message}`);
      return errorResult(message, code, scrub(issues));
    }
  });
  return server;
}

function rawTool(provider: ProviderId, operation: CatalogOperation): Tool {
  const name = `${provider.replace(/-/g, "_")}_${operation.operationId}`.slice(0, 64);
  const description = [`${catalogOf(provider).name}: ${operation.summary} (${operation.method} ${operation.path}).`, operation.description].filter(Boolean).join("\n\n");
  return {
    name,
    description,
    inputSchema: rawInputSchema(operation) as Tool["inputSchema"],
    annotations: { readOnlyHint: operation.method === "GET", idempotentHint: operation.idempotent, openWorldHint: true },
  };
}

function object(properties: Record<string, JsonSchema>, required: string[]): Tool["inputSchema"] {
  return { type: "object", properties, required, additionalProperties: false } as Tool["inputSchema"];
}

function handleArg(value: unknown): StudioJobHandle<ProviderId> {
  const handle = value as Partial<StudioJobHandle> | undefined;
  if (!handle || typeof handle !== "object" || !isProviderId(handle.provider) || typeof handle.id !== "string") {
    throw new CliError("handle must be the job handle object that submit_job returned (provider, id, kind)", "usage");
  }
  return handle as StudioJobHandle<ProviderId>;
}

function json(value: unknown): CallToolResult & { content: CallToolResult["content"] } {
  const structured = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { result: value };
  return { content: [{ type: "text", text: JSON.stringify(value, null, 2) }], structuredContent: structured };
}

function errorResult(message: string, code: string, issues?: unknown): CallToolResult {
  return { isError: true, content: [{ type: "text", text: JSON.stringify({ error: { code, message, ...(issues ? { issues } : {}) } }, null, 2) }] };
}

async function embedMedia(status: StudioJobStatus, signal: AbortSignal): Promise<CallToolResult["content"]> {
  const content: CallToolResult["content"] = [];
  for (const output of status.outputs) {
    try {
      // The tool call's signal: a client that gives up (or a stalled server) ends the download too.
      const response = await fetch(output.url, { signal });
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        continue;
      }
      // Read under the bound: a body without a length could otherwise grow until the process dies.
      const bytes = await readBounded(response, MAX_EMBED_BYTES);
      if (bytes === undefined) continue;
      const mimeType = (response.headers.get("content-type") ?? output.mediaType).split(";")[0]!.trim();
      const data = bytes.toString("base64");
      content.push(mimeType.startsWith("image/") ? { type: "image", data, mimeType } : { type: "resource", resource: { uri: output.url, mimeType, blob: data } });
    } catch {
      // A medium that cannot be fetched stays a URL in the JSON above.
    }
  }
  return content;
}


