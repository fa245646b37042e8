/**
 * AI Media Studio through the common API.
 *
 * - images: `POST /images/generate`, synchronous (up to 8 images per request; a larger `n` is
 *   split). `referenceImages` become `image_urls` (image-to-image); bytes are uploaded first with
 *   `POST /uploads`, because the service only takes images hosted in the workspace.
 * - videos: `POST /videos/generate`, synchronous; `image` becomes `image_url` (uploaded first when
 *   it is bytes). The service snaps `duration` to a length the model offers; the answer says which.
 * - jobs: none needed. `submit` performs the generation and returns a handle that carries the
 *   outcome, so `jobs.status` on it needs no request and survives serialisation. Images that failed
 *   while others completed are warnings; when every image failed the job is failed with the
 *   provider's reason (`jobs.wait` and `generate` throw JobFailedError).
 * - content safety: `safety_tolerance` ("1" strictest … "6", the provider's image default) is sent
 *   as "1" on images and videos unless `providerOptions["ai-media-studio"].safety_tolerance` says otherwise.
 */
import { aiMediaStudioDefinition, createAIMediaStudioClient, generateImages_fields, generateVideo_fields, loadResponseValidators, type components } from "@studiokit/ai-media-studio";
import { clientSecrets } from "@studiokit/runtime";
import { capabilities } from "../capabilities.js";
import { batchSizes, invalidOption, isBytes, ownProviderOptions, requireAspectRatioIn, toBlob, Warnings } from "../options.js";
import { bodyReader, clientOptionsFrom, mediaTypeOf, safetyDefault, sendEach, type CallContext, type ProviderAdapter, type Submission } from "../studio.js";
import type { ImageInput, ImageOptions, ImageProviderOptions, MediaOutput, StudioOptions, VideoOptions, VideoProviderOptions } from "../types.js";

type Schemas = components["schemas"];

const provider = "ai-media-studio";
const caps = capabilities[provider];
/** `ImageGenerateRequest.image_urls` maximum. */
const MAX_REFERENCE_IMAGES = 10;
const SAFETY_TOLERANCE = safetyDefault(provider, "safety_tolerance") as Schemas["SafetyTolerance"];

export function createAIMediaStudioAdapter(options: StudioOptions<"ai-media-studio">): ProviderAdapter<"ai-media-studio"> {
  const client = createAIMediaStudioClient({ ...clientOptionsFrom(options, aiMediaStudioDefinition), authScheme: options.authScheme });
  const read = bodyReader(provider, loadResponseValidators, () => client[clientSecrets]());

  /** Workspace-hosted URL for an image: URLs pass through, bytes are uploaded. */
  async function hosted(image: ImageInput, call: CallContext): Promise<string> {
    if (!isBytes(image)) return image;
    const { data } = await client.POST("/uploads", { body: { file: toBlob(image) }, ...call.request });
    return (await read("POST /uploads", data, call.operation)).url;
  }

  async function submitImages(options: ImageOptions<"ai-media-studio">, call: CallContext): Promise<Submission> {
    const imageCaps = caps.images;
    const own = ownProviderOptions<ImageProviderOptions["ai-media-studio"]>(provider, options.providerOptions);
    const aspect = options.aspectRatio
      ? (requireAspectRatioIn(provider, call.operation, options.aspectRatio, imageCaps.aspectRatios) as Schemas["ImageGenerateRequest"]["aspect_ratio"])
      : undefined;
    const references = options.referenceImages ?? [];
    if (references.length > MAX_REFERENCE_IMAGES) {
      throw invalidOption(provider, call.operation, "referenceImages", `takes at most ${MAX_REFERENCE_IMAGES} images (got ${references.length})`);
    }
    const imageUrls: string[] = [];
    for (const reference of references) imageUrls.push(await hosted(reference, call));

    const sizes = batchSizes(options.n ?? 1, imageCaps.maxImagesPerRequest);
    const fallbackType = `image/${own.output_format ?? "png"}`;
    // Synchronous: every answered request holds finished images, which a later failure must not lose.
    const responses = await sendEach(sizes.length, async (index) => {
      const size = sizes[index]!;
      const body: Schemas["ImageGenerateRequest"] = {
        prompt: options.prompt,
        ...(options.n !== undefined ? { n: size } : {}),
        ...(aspect ? { aspect_ratio: aspect } : {}),
        // A split request gets the next seed, so that its images differ from the first request's.
        ...(options.seed !== undefined ? { seed: options.seed + index } : {}),
        ...(imageUrls.length > 0 ? { image_urls: imageUrls } : {}),
        safety_tolerance: SAFETY_TOLERANCE,
        ...own,
      };
      const { data } = await client.POST("/images/generate", { body, ...call.request });
      return (await read("POST /images/generate", data, call.operation));
    }, (done) => settledImages(done, fallbackType));
    return settledImages(responses, fallbackType);
  }

  /** The outcome of answered image requests: completed images are outputs, failed ones warnings. */
  function settledImages(responses: Schemas["ImageGenerateResponse"][], fallbackType: string): Submission {
    const warnings = new Warnings();
    const outputs: MediaOutput[] = [];
    const reasons: string[] = [];
    for (const image of responses.flatMap((response) => response.images)) {
      if (image.status === "completed" && image.url) {
        outputs.push({ url: image.url, mediaType: mediaTypeOf(image.url, fallbackType), id: image.id });
      } else {
        const reason = image.error ?? "no reason given";
        reasons.push(reason);
        const refund = image.credits_refunded !== undefined ? ` (${image.credits_refunded} credits refunded)` : "";
        warnings.partialFailure(`image ${image.id} failed: ${reason}${refund}`);
      }
    }
    const succeeded = outputs.length > 0;
    return {
      kind: "image",
      ids: [responses[0]?.images[0]?.id ?? "synchronous"],
      settled: {
        state: succeeded ? "succeeded" : "failed",
        outputs,
        error: succeeded ? undefined : [...new Set(reasons)].join("; ") || "no image completed",
        warnings: succeeded ? warnings.list : [],
        raw: responses.length === 1 ? responses[0] : responses,
      },
    };
  }

  async function submitVideo(options: VideoOptions<"ai-media-studio">, call: CallContext): Promise<Submission> {
    const own = ownProviderOptions<VideoProviderOptions["ai-media-studio"]>(provider, options.providerOptions);
    let duration: number | undefined;
    if (options.durationSeconds !== undefined) {
      duration = Math.max(1, Math.round(options.durationSeconds));
      if (duration !== options.durationSeconds) {
        call.warnings.adjusted("durationSeconds", `AI Media Studio takes whole seconds; ${options.durationSeconds} was sent as ${duration}`);
      }
    }
    const image = options.image === undefined ? undefined : isBytes(options.image) || typeof options.image === "string" ? options.image : options.image.url;
    const imageUrl = image === undefined ? undefined : await hosted(image, call);
    const body: Schemas["VideoGenerateRequest"] = {
      prompt: options.prompt,
      ...(duration !== undefined ? { duration } : {}),
      ...(options.aspectRatio ? { aspect_ratio: options.aspectRatio } : {}),
      ...(options.audio !== undefined ? { audio: options.audio } : {}),
      ...(imageUrl ? { image_url: imageUrl } : {}),
      safety_tolerance: SAFETY_TOLERANCE,
      ...own,
    };
    const { data: answer } = await client.POST("/videos/generate", { body, ...call.request });
    const data = (await read("POST /videos/generate", answer, call.operation));
    const video = data.video;
    const succeeded = data.success && video.status === "completed" && typeof video.url === "string";
    const warnings = new Warnings();
    const sentDuration = body.duration;
    if (succeeded && sentDuration !== undefined && video.duration !== sentDuration) {
      warnings.adjusted("durationSeconds", `the model made ${video.duration} s, the length it offers nearest to ${sentDuration} s`);
    }
    return {
      kind: "video",
      ids: [video.id],
      settled: {
        state: succeeded ? "succeeded" : "failed",
        outputs: succeeded && video.url ? [{ url: video.url, mediaType: mediaTypeOf(video.url, "video/mp4"), id: video.id }] : [],
        error: succeeded ? undefined : (video.error ?? `the video ended with status "${video.status}"`),
        warnings: warnings.list,
        raw: data,
      },
    };
  }

  return {
    provider,
    raw: client,
    optionFields: { images: generateImages_fields, videos: generateVideo_fields },
    images: { submit: submitImages },
    videos: { submit: submitVideo },
    // Synchronous: every handle carries its outcome, so the core never asks the provider.
    jobs: {
      poll: async () => {
        throw invalidOption(
          provider,
          "jobs.status",
          "handle.settled",
          "is missing: AI Media Studio answers synchronously, so its handles carry the outcome; this one did not come from submit",
        );
      },
    },
  };
}
