/**
 * AI Studios (DeepBrain) through the common API.
 *
 * - videos: `POST /simple/video`: an avatar (`character`, required) reads the `prompt` as its
 *   script. `clothes` defaults to the avatar's first outfit (read from `GET /model`, which also
 *   checks the avatar exists before anything is spent) and `language` to `en`. The length follows
 *   the script, and the simple route has no orientation: scene-level control is `studio.raw`'s
 *   `POST /editor/project`.
 * - characters: the account's avatars, `GET /model`; each avatar's outfit ids are in `traits.clothes`.
 * - jobs: the export is polled with `GET /editor/progress/{key}` (0–100, `downloadUrl` when done).
 *   The handle's kind is `avatar-video`: AI Studios sends no estimate, so the poll schedule follows
 *   that kind's typical length (`TYPICAL_JOB_SECONDS`, from the published "1 to 10 minutes").
 * - content safety: the spec has no safety setting.
 */
import { aiStudiosDefinition, createAIStudiosClient, createSimpleVideo_fields, loadResponseValidators, type components } from "@studiokit/aistudios";
import { clientSecrets, NotFoundError } from "@studiokit/runtime";
import { invalidOption, ownProviderOptions } from "../options.js";
import {
  bodyReader,
  clientOptionsFrom,
  mediaTypeOf,
  missingField,
  type CallContext,
  type PartStatus,
  type ProviderAdapter,
  type RequestOptions,
  type Submission,
  webhookField,
} from "../studio.js";
import type { Character, StudioOptions, VideoOptions, VideoProviderOptions } from "../types.js";

type Schemas = components["schemas"];

const provider = "aistudios";
const DEFAULT_LANGUAGE = "en";

export function createAIStudiosAdapter(options: StudioOptions<"aistudios">): ProviderAdapter<"aistudios"> {
  const client = createAIStudiosClient({ ...clientOptionsFrom(options, aiStudiosDefinition), region: options.region });
  const secrets = () => client[clientSecrets]();
  const read = bodyReader(provider, loadResponseValidators, secrets);

  async function avatars(request: RequestOptions, operation: string): Promise<Schemas["Avatar"][]> {
    const { data } = await client.GET("/model", { ...request });
    const answer = (await read("GET /model", data, operation));
    // The envelope's schema checks `data.models`; an answer without it is not an empty account.
    if (!answer.data?.models) throw missingField(provider, "GET /model", operation, "data.models", answer, secrets());
    return answer.data.models;
  }

  /** The avatar's first outfit; a ValidationError naming `character` when the avatar is unknown. */
  async function defaultClothes(avatarId: string, call: CallContext): Promise<string> {
    const all = await avatars(call.request, call.operation);
    const avatar = all.find((candidate) => candidate.id === avatarId);
    if (!avatar) {
      const known = all.flatMap((candidate) => (candidate.id ? [candidate.id] : [])).slice(0, 10);
      throw invalidOption(provider, call.operation, "character", `"${avatarId}" is not an avatar of this account (characters.list() has ${known.join(", ") || "none"})`);
    }
    const clothes = avatar.clothes.find((outfit) => outfit.id)?.id;
    if (!clothes) {
      throw invalidOption(provider, call.operation, "character", `avatar "${avatarId}" lists no outfit; pass providerOptions.aistudios.clothes`);
    }
    return clothes;
  }

  async function submitVideo(options: VideoOptions<"aistudios">, call: CallContext): Promise<Submission> {
    const own = ownProviderOptions<VideoProviderOptions["aistudios"]>(provider, options.providerOptions);
    if (own.isExport === false) {
      throw invalidOption(
        provider,
        call.operation,
        'providerOptions["aistudios"].isExport',
        "must not be false: without an export there is no video to wait for (use studio.raw to make a project only)",
      );
    }
    const clothes = own.clothes ?? (await defaultClothes(options.character, call));
    const body: Schemas["SimpleVideoRequest"] = {
      language: DEFAULT_LANGUAGE,
      text: options.prompt,
      model: options.character,
      clothes,
      ...webhookField(call, "webhookUrl"),
      ...own,
    };
    const { data: answer } = await client.POST("/simple/video", { body, ...call.request });
    const data = (await read("POST /simple/video", answer, call.operation));
    const projectId = data.data?.projectId;
    if (!projectId) throw missingField(provider, "POST /simple/video", call.operation, "data.projectId", data, secrets());
    // AI Studios gives no estimate: the wait uses the kind's typical length (TYPICAL_JOB_SECONDS,
    // from its published "1 to 10 minutes").
    return { kind: "avatar-video", ids: [projectId] };
  }

  async function poll(handle: { id: string }, request: RequestOptions): Promise<PartStatus> {
    let answer: Schemas["ProgressResponse"];
    try {
      const { data } = await client.GET("/editor/progress/{key}", { params: { path: { key: handle.id } }, ...request });
      answer = (await read("GET /editor/progress/{key}", data, "jobs.status"));
    } catch (error) {
      if (error instanceof NotFoundError) {
        return { state: "failed", outputs: [], error: "the project no longer exists", raw: error.body };
      }
      throw error;
    }
    if (answer.success === false) return { state: "failed", outputs: [], error: "the provider answered success: false", raw: answer };
    const percent = answer.data?.progress ?? 0;
    const url = answer.data?.downloadUrl;
    if (url) return { state: "succeeded", progress: 1, outputs: [{ url, mediaType: mediaTypeOf(url, "video/mp4") }], raw: answer };
    // At 100 without a URL the file is still being published: keep waiting.
    return { state: percent > 0 ? "running" : "queued", progress: Math.min(percent, 99) / 100, outputs: [], raw: answer };
  }

  async function listCharacters(call: CallContext): Promise<Character[]> {
    return (await avatars(call.request, call.operation)).flatMap((avatar) =>
      avatar.id
        ? [
            {
              id: avatar.id,
              name: avatar.label.en ?? avatar.label.ko,
              images: avatar.thumbnail ? [avatar.thumbnail] : [],
              traits: { clothes: avatar.clothes.flatMap((outfit) => (outfit.id ? [outfit.id] : [])) },
              ready: true,
              raw: avatar,
            },
          ]
        : [],
    );
  }

  return {
    provider,
    raw: client,
    optionFields: { videos: createSimpleVideo_fields },
    videos: { submit: submitVideo },
    characters: { list: listCharacters },
    jobs: { poll },
  };
}
