/**
 * Influencer Studio through the common API.
 *
 * - images: `POST /images/generate` (prompt, `negative_prompt`, `batch` = n, one `init_image`);
 *   with `character` the same route with `influencer_id`, which keeps the negative prompt and the
 *   init image. The scene route `POST /influencers/generate` (at most 4 images per request, no
 *   negative prompt) is used when the caller passes one of its scene inputs in `providerOptions`.
 * - videos: `POST /videos/generate` (aspect ratio 16:9 / 9:16 / 1:1, 1–10 s, first-frame image);
 *   with `character`, `POST /influencers/video` (16:9 / 9:16, native audio, no duration).
 * - characters: `GET /influencers`, `POST /influencers/create` (URLs only: there is no upload).
 * - jobs: every generation is queued; `GET /generations/{id}/status` is polled, seeded by the
 *   `estimated_time` the submit answered.
 * - content safety: the spec has no safety setting for these routes.
 */
import { createInfluencerStudioClient, influencerStudioDefinition, createInfluencer_fields, generateImages_fields, generateInfluencerImages_fields, generateInfluencerVideo_fields, generateVideo_fields, loadResponseValidators, type components } from "@studiokit/influencer-studio";
import { clientSecrets } from "@studiokit/runtime";
import { capabilities } from "../capabilities.js";
import { batchSizes, invalidOption, ownProviderOptions, requireAspectRatioIn, requireUrls, urlOf } from "../options.js";
import {
  bodyReader,
  clientOptionsFrom,
  mediaTypeOf,
  sendEach,
  type CallContext,
  type PartStatus,
  type ProviderAdapter,
  type RequestOptions,
  type Submission,
  webhookField,
} from "../studio.js";
import type { Character, CreateCharacterInput, ImageOptions, ImageProviderOptions, StudioOptions, VideoOptions, VideoProviderOptions } from "../types.js";

type Schemas = components["schemas"];

const provider = "influencer-studio";
const caps = capabilities[provider];

/** The inputs only `/influencers/generate` takes; passing any of them selects that route. */
const SCENE_FIELDS = ["outfit_image", "location_image", "reference_pose_image", "product_image", "camera_style"] as const;
/** `GenerateInfluencerImagesRequest.batch` maximum. */
const SCENE_ROUTE_MAX_BATCH = 4;
/** `GenerateInfluencerVideoRequest.aspect_ratio`: Veo 3.1 makes only these. */
const CHARACTER_VIDEO_RATIOS = ["16:9", "9:16"] as const;

const STATE_OF = { queued: "queued", processing: "running", completed: "succeeded", failed: "failed" } as const;
const FALLBACK_MEDIA_TYPE = { image: "image/*", video: "video/*", audio: "audio/*", model3d: "model/*" } as const;

export function createInfluencerStudioAdapter(options: StudioOptions<"influencer-studio">): ProviderAdapter<"influencer-studio"> {
  const client = createInfluencerStudioClient(clientOptionsFrom(options, influencerStudioDefinition));
  const read = bodyReader(provider, loadResponseValidators, () => client[clientSecrets]());

  async function submitImages(options: ImageOptions<"influencer-studio">, call: CallContext): Promise<Submission> {
    const own = ownProviderOptions<ImageProviderOptions["influencer-studio"]>(provider, options.providerOptions);
    const references = requireUrls(provider, call.operation, "referenceImages", options.referenceImages ?? []);
    const { settings: ownSettings, ...ownFields } = own;
    const settings = { ...(options.aspectRatio ? { aspect_ratio: options.aspectRatio } : {}), ...ownSettings };
    const withSettings = Object.keys(settings).length > 0 ? { settings } : {};
    const total = options.n ?? 1;

    if (SCENE_FIELDS.some((field) => own[field] !== undefined)) {
      if (!options.character) {
        throw invalidOption(
          provider,
          call.operation,
          "character",
          `is required with the scene inputs (${SCENE_FIELDS.join(", ")}): they belong to /influencers/generate, which draws a trained influencer`,
        );
      }
      if (options.negativePrompt !== undefined) {
        call.warnings.unsupported("negativePrompt", "/influencers/generate (chosen by the scene inputs) takes no negative prompt; it was not sent");
      }
      if (references.length > 0) {
        call.warnings.unsupported(
          "referenceImages",
          "/influencers/generate takes references as named scene inputs (providerOptions outfit_image, location_image, reference_pose_image, product_image); referenceImages were not sent",
        );
      }
      const character = options.character;
      const batches = batchSizes(total, SCENE_ROUTE_MAX_BATCH);
      // Each batch is its own queued (and paid) generation: what was made survives a later failure.
      // Never called with no answers (sendEach rethrows a first failure as it is); the handle's
      // estimate is the longest batch's, as each batch's own `estimated_time` says.
      const made = (answers: Pick<Schemas["GenerationAccepted"], "generation_id" | "estimated_time">[]): Submission => ({
        kind: "image",
        ids: answers.map((answer) => answer.generation_id),
        estimatedSeconds: Math.max(...answers.map((answer) => answer.estimated_time)),
      });
      const answers = await sendEach(batches.length, async (index) => {
        const batch = batches[index]!;
        const body: Schemas["GenerateInfluencerImagesRequest"] = {
          influencer_id: character,
          prompt: options.prompt,
          batch,
          ...withSettings,
          ...(ownFields as Partial<Schemas["GenerateInfluencerImagesRequest"]>),
        };
        const { data } = await client.POST("/influencers/generate", { body, ...call.request });
        return (await read("POST /influencers/generate", data, call.operation));
      }, made);
      return made(answers);
    }

    if (references.length > 1) {
      call.warnings.unsupported("referenceImages", "/images/generate takes one init image; only referenceImages[0] was sent");
    }
    const body: Schemas["GenerateImagesRequest"] = {
      prompt: options.prompt,
      ...(options.negativePrompt !== undefined ? { negative_prompt: options.negativePrompt } : {}),
      ...(options.n !== undefined ? { batch: total } : {}),
      ...(options.character ? { influencer_id: options.character } : {}),
      ...(references[0] ? { init_image: references[0] } : {}),
      ...webhookField(call, "webhook"),
      ...withSettings,
      ...(ownFields as Partial<Schemas["GenerateImagesRequest"]>),
    };
    const { data } = await client.POST("/images/generate", { body, ...call.request });
    const answer = (await read("POST /images/generate", data, call.operation));
    return { kind: "image", ids: [answer.generation_id], estimatedSeconds: answer.estimated_time };
  }

  async function submitVideo(options: VideoOptions<"influencer-studio">, call: CallContext): Promise<Submission> {
    const own = ownProviderOptions<VideoProviderOptions["influencer-studio"]>(provider, options.providerOptions);

    if (options.character) {
      const route = "/influencers/video";
      const aspect = options.aspectRatio
        ? requireAspectRatioIn(provider, call.operation, options.aspectRatio, CHARACTER_VIDEO_RATIOS, `${route} (with character)`)
        : undefined;
      if (options.durationSeconds !== undefined) {
        call.warnings.unsupported("durationSeconds", `${route} (with character) takes no duration; it was not sent`);
      }
      if (options.image !== undefined) {
        call.warnings.unsupported(
          "image",
          `${route} (with character) takes no start image; pass scene images as providerOptions product_image, outfit_image or location_image`,
        );
      }
      if (options.audio === false) {
        call.warnings.unsupported("audio", `${route} always makes native audio; audio: false was not honoured`);
      }
      const body: Schemas["GenerateInfluencerVideoRequest"] = {
        influencer_id: options.character,
        prompt: options.prompt,
        ...(aspect ? { aspect_ratio: aspect as Schemas["GenerateInfluencerVideoRequest"]["aspect_ratio"] } : {}),
        ...(own as Partial<Schemas["GenerateInfluencerVideoRequest"]>),
      };
      const { data } = await client.POST("/influencers/video", { body, ...call.request });
      const answer = (await read("POST /influencers/video", data, call.operation));
      return { kind: "video", ids: [answer.generation_id], estimatedSeconds: answer.estimated_time };
    }

    const videoCaps = caps.videos;
    const aspect = options.aspectRatio ? requireAspectRatioIn(provider, call.operation, options.aspectRatio, videoCaps.aspectRatios) : undefined;
    let duration: number | undefined;
    if (options.durationSeconds !== undefined) {
      const { min, max } = videoCaps.durationSeconds;
      duration = Math.round(options.durationSeconds);
      if (duration < min || duration > max) {
        throw invalidOption(provider, call.operation, "durationSeconds", `must be between ${min} and ${max} seconds (got ${options.durationSeconds})`);
      }
      if (duration !== options.durationSeconds) {
        call.warnings.adjusted("durationSeconds", `Influencer Studio takes whole seconds; ${options.durationSeconds} was sent as ${duration}`);
      }
    }
    let firstFrame: string | undefined;
    if (options.image !== undefined) {
      firstFrame = urlOf(options.image);
      if (firstFrame === undefined) {
        throw invalidOption(provider, call.operation, "image", "must be a URL: Influencer Studio has no upload endpoint, so bytes cannot be sent");
      }
    }
    if (options.audio === true) {
      call.warnings.unsupported("audio", "/videos/generate has no audio setting (with character, /influencers/video makes native audio); it was not sent");
    }
    const { settings: ownSettings, ...ownFields } = own;
    const settings = { ...(aspect ? { aspect_ratio: aspect } : {}), ...(duration !== undefined ? { duration } : {}), ...ownSettings };
    const body: Schemas["GenerateVideoRequest"] = {
      prompt: options.prompt,
      // `aspect` was checked against the route's ratios above; the cast only tells TypeScript so.
      ...(Object.keys(settings).length > 0 ? { settings: settings as Schemas["GenerateVideoRequest"]["settings"] } : {}),
      ...(firstFrame ? { first_frame_image: firstFrame } : {}),
      ...webhookField(call, "webhook"),
      ...(ownFields as Partial<Schemas["GenerateVideoRequest"]>),
    };
    const { data } = await client.POST("/videos/generate", { body, ...call.request });
    const answer = (await read("POST /videos/generate", data, call.operation));
    return { kind: "video", ids: [answer.generation_id], estimatedSeconds: answer.estimated_time };
  }

  async function poll(handle: { id: string; kind: string }, request: RequestOptions): Promise<PartStatus> {
    const { data: answer } = await client.GET("/generations/{id}/status", { params: { path: { id: handle.id } }, ...request });
    const data = (await read("GET /generations/{id}/status", answer, "jobs.status"));
    const state = STATE_OF[data.status];
    const outputs =
      data.items.length > 0
        ? data.items.flatMap((item) =>
            item.url ? [{ url: item.url, mediaType: mediaTypeOf(item.url, FALLBACK_MEDIA_TYPE[item.type]), id: item.id }] : [],
          )
        : data.result_urls.map((url) => ({ url, mediaType: mediaTypeOf(url, handle.kind === "video" ? "video/*" : "image/*") }));
    const failedCount = `${data.failed_items} of ${data.total_items} item${data.total_items === 1 ? "" : "s"} failed`;
    return {
      state,
      progress: state === "succeeded" ? 1 : data.total_items > 0 ? data.completed_items / data.total_items : undefined,
      outputs,
      // The provider publishes no failure reason; the counts are all it says.
      error: state === "failed" ? failedCount : undefined,
      warnings: state === "succeeded" && data.failed_items > 0 ? [{ type: "partial-failure", message: `${failedCount}; the others are returned` }] : [],
      raw: data,
    };
  }

  async function listCharacters(call: CallContext): Promise<Character[]> {
    const { data } = await client.GET("/influencers", { ...call.request });
    return (await read("GET /influencers", data, call.operation)).map((influencer) => ({
      id: influencer.id,
      name: influencer.name,
      images: [influencer.face_image, influencer.best_full_image].filter((url): url is string => typeof url === "string"),
      traits: undefined,
      ready: influencer.ready_for_generation,
      raw: influencer,
    }));
  }

  async function createCharacter(input: CreateCharacterInput, call: CallContext): Promise<Character> {
    const imageUrls = requireUrls(provider, call.operation, "images", input.images);
    if (input.traits !== undefined) call.warnings.unsupported("traits", "Influencer Studio influencers have no traits; they were not sent");
    const own = ownProviderOptions<Schemas["CreateInfluencerRequest"]>(provider, input.providerOptions);
    const body: Schemas["CreateInfluencerRequest"] = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      image_urls: imageUrls,
      ...own,
    };
    const { data: answer } = await client.POST("/influencers/create", { body, ...call.request });
    const data = (await read("POST /influencers/create", answer, call.operation));
    return {
      id: data.influencer_id,
      name: data.name,
      images: imageUrls,
      traits: undefined,
      ready: data.ready_for_generation,
      raw: data,
    };
  }

  return {
    provider,
    raw: client,
    optionFields: {
      images: [...new Set([...generateImages_fields, ...generateInfluencerImages_fields])],
      videos: [...new Set([...generateVideo_fields, ...generateInfluencerVideo_fields])],
      characters: createInfluencer_fields,
    },
    images: { submit: submitImages },
    videos: { submit: submitVideo },
    characters: { list: listCharacters, create: createCharacter },
    jobs: { poll },
  };
}
