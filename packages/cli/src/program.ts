/**
 * The `studiokit` command line: the facade from the terminal (`images`, `videos`, `characters`,
 * `jobs`), every operation of every spec (`call`), and the MCP server (`mcp`). Parsing and help are
 * commander's; the raw operations' flags are built from the generated catalogs at run time.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Command, CommanderError, Option } from "commander";
import { redactText } from "@studiokit/runtime";
import {
  capabilities,
  CanceledError,
  isProviderId,
  JOB_KINDS,
  NetworkError,
  TimeoutError,
  UnsupportedCapabilityError,
  providerIds,
  StudioKitError,
  ValidationError,
  type MediaOutput,
  type ProviderId,
  type StudioJobHandle,
  type StudioJobStatus,
  type Warning,
} from "studiokit";
import { catalogOf, findOperation } from "./catalogs.js";
import { downloadOutputs } from "./download.js";
import { CliError, exitCodeOf, exitCodes } from "./errors.js";
import { createProgress } from "./progress.js";
import { buildRequest, describeConstraints, parseFieldValue, rawFields, sendRaw } from "./raw.js";
import { Settings } from "./settings.js";

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: every request and wait takes it. */
  signal: AbortSignal;
}

interface GlobalOptions {
  sandbox?: boolean;
  config?: string;
  json?: boolean;
  quiet?: boolean;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let settings: Settings | undefined;
  const program = buildProgram(io, () => (settings ??= settingsFrom(program.opts<GlobalOptions>(), io)));
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return exitCodes.ok;
  } catch (error) {
    return report(error, io, settings);
  }
}

function settingsFrom(options: GlobalOptions, io: CliIo): Settings {
  return new Settings({ sandbox: options.sandbox ?? false, configPath: options.config, env: io.env });
}

function report(error: unknown, io: CliIo, settings: Settings | undefined): number {
  if (error instanceof CommanderError) {
    // Commander ends `--help` with exit code 0 and help shown for a missing command with 1: the latter is a usage error.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  const canceled = io.signal.aborted && (error instanceof CanceledError || (error as Error)?.name === "AbortError" || !(error instanceof StudioKitError));
  if (canceled) {
    io.stderr.write("canceled\n");
    return exitCodes.canceled;
  }
  const secrets = settings?.secrets() ?? [];
  const message = redactText(error instanceof Error ? error.message : String(error), secrets);
  io.stderr.write(`error: ${message}\n`);
  if (error instanceof ValidationError && error.issues.length > 0) {
    for (const issue of error.issues) io.stderr.write(`  ${redactText(`${issue.path}: ${issue.message}`, secrets)}\n`);
  }
  for (const line of hintsFor(error, settings)) io.stderr.write(`hint: ${line}\n`);
  const code = exitCodeOf(error);
  if (code === exitCodes.internal && error instanceof Error && error.stack && io.env.STUDIOKIT_DEBUG) io.stderr.write(redactText(error.stack, secrets) + "\n");
  return code;
}

/** What to do next, where the error alone leaves a user guessing. */
function hintsFor(error: unknown, settings: Settings | undefined): string[] {
  if (!(error instanceof StudioKitError) || !isProviderId(error.provider)) return [];
  const provider = error.provider;
  if (error instanceof UnsupportedCapabilityError) {
    // The facade's message names its own methods; on the command line the way around is `call`.
    return [`\`studiokit call ${provider}\` lists every operation of ${catalogOf(provider).name}'s API`];
  }
  if (error instanceof NetworkError && settings?.sandbox) {
    return [`--sandbox looked for ${catalogOf(provider).name} at ${settings.baseUrlOf(provider)}: is the sandbox running? Start it with \`pnpm start\` (STUDIOKIT_PORT_BASE moves its ports; set the same value here)`];
  }
  return [];
}

/** The package's own version (package.json sits one folder above both src/ and dist/). */
function cliVersion(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}

function buildProgram(io: CliIo, settings: () => Settings): Command {
  const program = new Command("studiokit")
    .description("Images, videos, characters and jobs across five AI media studios, and every raw operation of their APIs.")
    .version(cliVersion(), "-V, --version", "print the version of @studiokit/cli")
    .option("--sandbox", "send everything to the local sandbox (pnpm start; ports from STUDIOKIT_PORT_BASE); no key needed")
    .option("--config <file>", "config file with keys (default $STUDIOKIT_CONFIG or ~/.config/studiokit/config.json; must be chmod 600)")
    .option("--json", "machine-readable output on stdout")
    .option("-q, --quiet", "no progress output")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      `\nKeys: ${providerIds.map((id) => catalogOf(id).apiKeyEnv).join(", ")} (or the config file).\nExit codes: ${Object.entries(exitCodes)
        .map(([name, code]) => `${code} ${name}`)
        .join(", ")}.`,
    );
  const global = () => program.opts<GlobalOptions>();
  const out = new Output(io, global);
  const providerOption = () =>
    new Option("-p, --provider <id>", "provider").choices([...providerIds]).makeOptionMandatory().env("STUDIOKIT_PROVIDER");

  // ---- images / videos -----------------------------------------------------------------------

  /**
   * What `images generate` and `videos generate` share: the provider, the prompt, a character, the
   * aspect ratio, the provider's own fields, a webhook, and what to do with the result. `own` adds a
   * command's own options between the prompt and the shared ones.
   */
  const generateCommand = (parent: Command, text: { description: string; prompt: string; character: string; out: string }, own: (command: Command) => Command) =>
    own(parent.command("generate").description(text.description).addOption(providerOption()).requiredOption("--prompt <text>", text.prompt))
      .option("--character <id>", text.character)
      .option("--aspect <ratio>", "aspect ratio, e.g. 9:16")
      .option("--provider-options <json>", "the provider's own request fields, as JSON", jsonArg)
      .option("--webhook <url>", "a URL the provider notifies as the job moves (where it takes one)")
      .option("--out <dir>", text.out)
      .option("--no-wait", "print the job handle at once instead of waiting");
  /** The facade options of those shared flags (a flag not given is not sent). */
  const sharedRequest = (options: Record<string, any>) => ({
    prompt: options.prompt,
    ...(options.webhook !== undefined ? { webhookUrl: options.webhook } : {}),
    ...(options.character !== undefined ? { character: options.character } : {}),
    ...(options.aspect !== undefined ? { aspectRatio: options.aspect } : {}),
    ...(options.providerOptions !== undefined ? { providerOptions: { [options.provider]: options.providerOptions } } : {}),
    signal: io.signal,
  });

  const images = program.command("images").description("generate images");
  generateCommand(
    images,
    {
      description: "generate images, wait for them and print their URLs (or save them with --out)",
      prompt: "what to draw",
      character: "a character of the provider (see `characters list`)",
      out: "download the results into this folder",
    },
    (command) =>
      command
        .option("-n, --n <count>", "how many images", positiveInt)
        .option("--seed <number>", "seed", Number)
        .option("--negative <text>", "negative prompt")
        .option("--reference <url...>", "reference images (URLs)"),
  ).action(async (options) => {
    const studio = settings().studio(options.provider);
    const request = {
      ...sharedRequest(options),
      ...(options.n !== undefined ? { n: options.n } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.negative !== undefined ? { negativePrompt: options.negative } : {}),
      ...(options.reference !== undefined ? { referenceImages: options.reference } : {}),
    };
    out.beforeSubmit(options.provider, "images");
    const handle = await out.paid(options.provider, "images", () => studio.images.submit(request as Parameters<typeof studio.images.submit>[0]));
    await out.afterSubmit(studio, handle, options.wait, options.out);
  });

  const videos = program.command("videos").description("generate videos");
  generateCommand(
    videos,
    {
      description: "generate a video, wait for it and print its URL (or save it with --out)",
      prompt: "what happens (for an avatar provider, the script it speaks)",
      character: "a character or avatar of the provider",
      out: "download the result into this folder",
    },
    (command) =>
      command
        .option("--image <url>", "the image the video starts from")
        .option("--duration <seconds>", "length in seconds", Number)
        .option("--audio", "with sound")
        .option("--no-audio", "without sound"),
  ).action(async (options) => {
    const studio = settings().studio(options.provider);
    const request = {
      ...sharedRequest(options),
      ...(options.image !== undefined ? { image: options.image } : {}),
      ...(options.duration !== undefined ? { durationSeconds: options.duration } : {}),
      ...(options.audio !== undefined ? { audio: options.audio } : {}),
    };
    out.beforeSubmit(options.provider, "video");
    const handle = await out.paid(options.provider, "video", () => studio.videos.submit(request as Parameters<typeof studio.videos.submit>[0]));
    await out.afterSubmit(studio, handle, options.wait, options.out);
  });

  // ---- characters ----------------------------------------------------------------------------

  const characters = program.command("characters").description("the provider's characters, influencers or avatars");
  characters
    .command("list")
    .addOption(providerOption())
    .action(async (options) => {
      const list = await settings().studio(options.provider).characters.list({ signal: io.signal });
      out.result(list, () => list.map((character) => `${character.id}\t${character.name ?? ""}${character.ready === false ? "\t(not ready)" : ""}`).join("\n"));
    });
  characters
    .command("get <id>")
    .addOption(providerOption())
    .action(async (id: string, options) => {
      const character = await settings().studio(options.provider).characters.get(id, { signal: io.signal });
      out.result(character, () => JSON.stringify(character, null, 2));
    });
  characters
    .command("create")
    .addOption(providerOption())
    .option("--name <name>", "name")
    .requiredOption("--image <url...>", "images of the character (URLs; the first is the face)")
    .option("--trait <key=value...>", "traits, e.g. --trait gender=female")
    .option("--provider-options <json>", "the provider's own request fields, as JSON", jsonArg)
    .action(async (options) => {
      const traits = options.trait ? Object.fromEntries((options.trait as string[]).map(keyValue)) : undefined;
      const created = await settings()
        .studio(options.provider)
        .characters.create({
          ...(options.name !== undefined ? { name: options.name } : {}),
          images: options.image,
          ...(traits ? { traits } : {}),
          ...(options.providerOptions !== undefined ? { providerOptions: { [options.provider]: options.providerOptions } } : {}),
          signal: io.signal,
        });
      out.warnings(created.warnings);
      out.result(created, () => created.id);
    });
  characters
    .command("delete <id>")
    .addOption(providerOption())
    .action(async (id: string, options) => {
      await settings().studio(options.provider).characters.delete(id, { signal: io.signal });
      out.result({ deleted: id }, () => `deleted ${id}`);
    });

  // ---- jobs ----------------------------------------------------------------------------------

  const jobs = program.command("jobs").description("follow jobs by handle (the JSON that submit and --no-wait print) or id");
  const handleHelp = "a job handle as JSON, @file.json, - (stdin), or a bare job id with --provider";
  const jobOptions = (command: Command) =>
    command
      .addOption(new Option("-p, --provider <id>", "provider, for a bare job id").choices([...providerIds]).env("STUDIOKIT_PROVIDER"))
      .addOption(new Option("--kind <kind>", "job kind, for a bare job id").choices([...JOB_KINDS]).default("image"));
  jobOptions(jobs.command("status <handle>").description(`one look at a job; <handle> is ${handleHelp}`)).action(async (text: string, options) => {
    const handle = await parseHandle(text, options.provider, options.kind);
    const status = await settings().studio(handle.provider).jobs.status(handle, { signal: io.signal });
    out.status(status);
  });
  jobOptions(jobs.command("wait <handle>").description(`wait until a job finishes; <handle> is ${handleHelp}`))
    .option("--timeout <seconds>", "give up after this long", Number)
    .option("--out <dir>", "download the results into this folder")
    .action(async (text: string, options) => {
      const handle = await parseHandle(text, options.provider, options.kind);
      const studio = settings().studio(handle.provider);
      await out.waitAndPrint(studio, handle, options.out, options.timeout);
    });

  // ---- providers and raw operations ------------------------------------------------------------

  program
    .command("providers")
    .description("the providers, what each can do through the common commands, and whether a key is configured")
    .action(() => {
      const current = settings();
      const rows = providerIds.map((id) => ({
        id,
        name: catalogOf(id).name,
        keyEnv: catalogOf(id).apiKeyEnv,
        ...(catalogOf(id).login ? { loginEnv: Object.values(catalogOf(id).login!.fields) } : {}),
        configured: current.credentialsOf(id) !== undefined,
        operations: catalogOf(id).operations.length,
        images: capabilities[id].images !== false,
        videos: capabilities[id].videos !== false,
        baseUrl: current.baseUrlOf(id),
      }));
      out.result(rows, () =>
        rows.map((row) => `${row.id.padEnd(18)} ${current.sandbox ? "sandbox " : row.configured ? "key set " : "no key  "} ${row.keyEnv.padEnd(26)} ${row.operations} operations${row.baseUrl ? `  ${row.baseUrl}` : ""}`).join("\n"),
      );
    });

  program
    .command("call")
    .description("call any operation of a provider's API: `studiokit call <provider>` lists them, `studiokit call <provider> <operationId> --help` shows its fields")
    .argument("[provider]", `one of ${providerIds.join(", ")}`)
    .argument("[operationId]", "the operation")
    .argument("[fields...]", "--body file.json (or - for stdin) and --<field> value …")
    .allowUnknownOption()
    .helpOption(false)
    .option("-h, --help", "help for this command or, after an operationId, for that operation")
    .action(async (provider: string | undefined, operationId: string | undefined, _fields: string[], options, command: Command) => {
      // Everything after the operationId belongs to the operation's own parser.
      const rest = command.args.slice(2);
      const wantsHelp = Boolean(options.help) || rest.includes("--help") || rest.includes("-h");
      if (!provider) {
        command.outputHelp();
        if (!wantsHelp) throw new CliError("call needs a provider", "usage");
        return;
      }
      if (!isProviderId(provider)) throw new CliError(`unknown provider "${provider}"; choose one of: ${providerIds.join(", ")}`, "usage");
      if (!operationId || operationId.startsWith("-")) {
        out.result(catalogOf(provider).operations, () =>
          catalogOf(provider)
            .operations.map((operation) => `${operation.operationId.padEnd(34)} ${operation.method.padEnd(6)} ${operation.path}  ${operation.summary}`)
            .join("\n"),
        );
        return;
      }
      const operation = findOperation(provider, operationId);
      if (!operation) {
        throw new CliError(`${catalogOf(provider).name} has no operation "${operationId}"; \`studiokit call ${provider}\` lists them`, "usage");
      }
      const sub = operationCommand(provider, operationId, io);
      if (wantsHelp) {
        sub.outputHelp();
        return;
      }
      sub.parse(rest, { from: "user" });
      const parsed = sub.opts();
      const fields = rawFields(operation);
      const values: Record<string, unknown> = {};
      for (const field of fields) {
        const option = sub.options.find((candidate) => candidate.long === `--${flagName(field.name)}`);
        const raw = option ? parsed[option.attributeName()] : undefined;
        if (raw === undefined) continue;
        values[field.name] = await parseFieldValue(field, Array.isArray(raw) ? raw : [raw === true ? "" : String(raw)]);
      }
      const baseBody = parsed.body !== undefined ? await readBody(String(parsed.body)) : undefined;
      const request = buildRequest(operation, values, baseBody);
      const send = () => sendRaw(settings().studio(provider), operation, request, io.signal);
      // A request the runtime would not send twice (it may spend credits) gets the same warning on Ctrl-C as a generate.
      const data = operation.idempotent ? await send() : await out.paid(provider, operation.operationId, send);
      out.result(data, () => JSON.stringify(data, null, 2));
    });

  program
    .command("mcp")
    .description("run the MCP server: on stdio (default) or Streamable HTTP (--http)")
    .option("--http", "serve Streamable HTTP instead of stdio")
    .option("--port <port>", "HTTP port (0: any free port)", Number, 3333)
    .option("--host <host>", "HTTP interface", "127.0.0.1")
    .option("--raw <providers>", "also offer every raw operation of these providers as tools (comma-separated ids, or all)")
    .action(async (options) => {
      const { runMcp } = await import("./mcp/run.js");
      await runMcp({
        settings: settings(),
        http: options.http ? { port: options.port, host: options.host } : undefined,
        rawProviders: parseRawProviders(options.raw),
        signal: io.signal,
        log: (line) => io.stderr.write(`${redactText(line, settings().secrets())}\n`),
      });
    });

  return program;
}

/** The parser and help of one raw operation, built from its catalog entry. */
function operationCommand(provider: ProviderId, operationId: string, io: CliIo): Command {
  const operation = findOperation(provider, operationId)!;
  const command = new Command(`studiokit call ${provider} ${operationId}`)
    .description(`${operation.summary} (${operation.method} ${operation.path})${operation.description ? `\n\n${unwrap(operation.description)}` : ""}`)
    .exitOverride()
    .helpOption(false)
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  if (operation.body) command.option("--body <file>", `the request body as JSON from a file, or - for stdin (${operation.body.contentType}); --<field> flags go over it`);
  for (const field of rawFields(operation)) {
    const type = Array.isArray(field.schema.type) ? "" : (field.schema.type as string | undefined);
    const takes = field.binary ? "<@file>" : type === "boolean" ? "[true|false]" : type === "array" ? "<value...>" : "<value>";
    // Commander checks enums in the flag (a clear error before anything is sent) and lists them in the help; the validator checks the rest.
    const choices = Array.isArray(field.schema.enum) && type !== "array" ? (field.schema.enum as unknown[]).map(String) : undefined;
    const constraints = describeConstraints(field.schema, { omitEnum: choices !== undefined });
    const words = [
      field.required ? "(required)" : undefined,
      field.location !== "body" ? `[${field.location}]` : undefined,
      field.description ? unwrap(field.description).split("\n")[0] : undefined,
      constraints ? `— ${constraints}` : undefined,
    ].filter(Boolean);
    const option = new Option(`--${flagName(field.name)} ${takes}`, words.join(" "));
    if (choices) option.choices(choices);
    command.addOption(option);
  }
  return command;
}

/**
 * A spec description's hard line breaks joined, so that commander wraps the text to the terminal;
 * paragraphs and list items keep their own lines.
 */
const unwrap = (text: string) => text.trim().replace(/([^\n])\n(?![\n\-*+|]|\d+\.)/g, "$1 ");

/** The CLI's own flags of `call`; a spec field of the same name gets `--<name>-field` (AliveAI has a `body` field). */
const RESERVED_FLAGS = new Set(["body", "help"]);
const flagName = (field: string) => (RESERVED_FLAGS.has(field) ? `${field}-field` : field);

function parseRawProviders(value: string | undefined): ProviderId[] {
  if (!value) return [];
  if (value === "all") return [...providerIds];
  return value.split(",").map((id) => {
    const trimmed = id.trim();
    if (!isProviderId(trimmed)) throw new CliError(`--raw: unknown provider "${trimmed}"; choose from ${providerIds.join(", ")} or all`, "usage");
    return trimmed;
  });
}

async function readBody(source: string): Promise<unknown> {
  const text = source === "-" ? await readStdin() : await readFile(source, "utf8").catch(() => {
    throw new CliError(`--body: cannot read ${source}`, "usage");
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`--body: ${source === "-" ? "stdin" : source} is not valid JSON`, "usage");
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A handle from JSON, a file, stdin, or a bare id with its provider. */
export async function parseHandle(text: string, provider: string | undefined, kind: string): Promise<StudioJobHandle<ProviderId>> {
  const source = text === "-" ? await readStdin() : text.startsWith("@") ? await readFile(text.slice(1), "utf8") : text;
  const trimmed = source.trim();
  if (trimmed.startsWith("{")) {
    let handle: unknown;
    try {
      handle = JSON.parse(trimmed);
    } catch {
      throw new CliError("the job handle is not valid JSON", "usage");
    }
    const candidate = handle as Partial<StudioJobHandle>;
    if (!isProviderId(candidate?.provider) || typeof candidate.id !== "string") {
      throw new CliError('a job handle needs "provider" (a provider id) and "id"', "usage");
    }
    return candidate as StudioJobHandle<ProviderId>;
  }
  if (!provider) throw new CliError("a bare job id needs --provider (or pass the handle JSON that submit printed)", "usage");
  if (!isProviderId(provider)) throw new CliError(`unknown provider "${provider}"`, "usage");
  return { provider, id: trimmed, kind: kind as StudioJobHandle["kind"] };
}

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new CliError(`-n must be a whole number of at least 1 (got "${value}")`, "usage");
  return number;
}

function jsonArg(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new CliError("--provider-options must be JSON, e.g. '{\"model\":\"flux\"}'", "usage");
  }
}

function keyValue(pair: string): [string, string] {
  const at = pair.indexOf("=");
  if (at < 1) throw new CliError(`--trait takes key=value (got "${pair}")`, "usage");
  return [pair.slice(0, at), pair.slice(at + 1)];
}

type AnyStudio = ReturnType<Settings["studio"]>;

/** Everything the commands print: results on stdout, warnings and progress on stderr. */
class Output {
  constructor(
    private readonly io: CliIo,
    private readonly global: () => GlobalOptions,
  ) {}

  result(value: unknown, human: () => string): void {
    const text = this.global().json ? JSON.stringify(value, null, 2) : human();
    if (text) this.io.stdout.write(text + "\n");
  }

  warnings(list: readonly Warning[] | undefined): void {
    for (const warning of list ?? []) this.io.stderr.write(`warning: ${warning.message}\n`);
  }

  status(status: StudioJobStatus): void {
    this.result(publicStatus(status), () =>
      [
        `${status.handle.provider} ${status.handle.id}: ${status.state}${status.progress !== undefined ? ` ${Math.round(status.progress * 100)}%` : ""}${status.queuePosition !== undefined ? ` (queue ${status.queuePosition})` : ""}`,
        ...status.outputs.map((output) => output.url),
        ...(status.error ? [`error: ${status.error}`] : []),
      ].join("\n"),
    );
  }

  /** A provider that answers only when the work is done gives no progress: say so, or a long wait looks like a hang. */
  beforeSubmit(provider: ProviderId, what: string): void {
    if (this.global().quiet || capabilities[provider].jobs !== "synchronous") return;
    this.io.stderr.write(`${provider}: ${catalogOf(provider).name} answers once the ${what} ${what === "images" ? "are" : "is"} made, with no progress in between; waiting…\n`);
  }

  /**
   * Sends a request that may spend credits. Ctrl-C while it is out cannot take it back: the user is
   * told it may have been received (and charged), so that it is not simply sent again.
   */
  async paid<T>(provider: ProviderId, what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (this.io.signal.aborted) {
        this.io.stderr.write(`the ${what} request may already have reached ${catalogOf(provider).name} (and spent credits) before it was canceled: look for the new job there before sending it again\n`);
      }
      throw error;
    }
  }

  async afterSubmit(studio: AnyStudio, handle: StudioJobHandle<ProviderId>, wait: boolean, outDir: string | undefined): Promise<void> {
    this.warnings(handle.warnings);
    if (!wait) {
      this.io.stdout.write(JSON.stringify(handle) + "\n");
      if (!this.global().json && !this.global().quiet) this.io.stderr.write(`follow it with: ${this.waitCommand(handle)}\n`);
      return;
    }
    await this.waitAndPrint(studio, handle, outDir, undefined, false);
  }

  /** The command that follows `handle`, with the flags that decide where it is. */
  private waitCommand(handle: StudioJobHandle<ProviderId>): string {
    const where = [this.global().sandbox ? "--sandbox " : "", this.global().config ? `--config ${shellQuote(this.global().config!)} ` : ""].join("");
    return `studiokit ${where}jobs wait ${shellQuote(JSON.stringify(handle))}`;
  }

  async waitAndPrint(studio: AnyStudio, handle: StudioJobHandle<ProviderId>, outDir: string | undefined, timeoutSeconds?: number, showHandleWarnings = true): Promise<void> {
    if (showHandleWarnings) this.warnings(handle.warnings);
    const progress = createProgress(`${handle.provider} ${handle.id}`, { stream: this.io.stderr, quiet: this.global().quiet });
    let final: StudioJobStatus;
    try {
      final = await studio.jobs.wait(handle, {
        signal: this.io.signal,
        ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
        onProgress: (status) => progress.update(status),
      });
      progress.update(final);
    } catch (error) {
      progress.stop();
      // Ctrl-C and --timeout stop the waiting, not the job: say how to pick it up again.
      if (this.io.signal.aborted || error instanceof TimeoutError) this.io.stderr.write(`the job goes on at the provider; pick it up with: ${this.waitCommand(handle)}\n`);
      throw error;
    } finally {
      progress.stop();
    }
    this.warnings(final.warnings);
    const files = outDir ? await downloadOutputs(final.outputs, outDir, handle.id, { provider: handle.provider, signal: this.io.signal }) : undefined;
    this.result({ ...publicStatus(final), ...(files ? { files } : {}) }, () => (files ?? final.outputs.map((output: MediaOutput) => output.url)).join("\n"));
  }
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A status without the provider's raw body: small, stable JSON for scripts (`call` gives raw bodies). */
export function publicStatus(status: StudioJobStatus) {
  return {
    handle: status.handle,
    state: status.state,
    ...(status.progress !== undefined ? { progress: status.progress } : {}),
    ...(status.queuePosition !== undefined ? { queuePosition: status.queuePosition } : {}),
    outputs: status.outputs,
    ...(status.error ? { error: status.error } : {}),
    warnings: status.warnings,
  };
}
