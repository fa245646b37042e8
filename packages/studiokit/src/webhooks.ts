/**
 * Receiving provider webhooks: `parseWebhook` turns what a provider POSTs to the `webhookUrl` given
 * to `submit` into a typed job status, and `verifyWebhookToken` checks that the call came from
 * someone who knows your secret.
 *
 *   import { parseWebhook, verifyWebhookToken, webhookUrlWithToken } from "studiokit/webhooks";
 *   await studio.videos.submit({ …, webhookUrl: webhookUrlWithToken("https://me.example/hooks/aistudios", secret) });
 *   // in the handler: verifyWebhookToken(request.url, secret); const status = parseWebhook("aistudios", body);
 *
 * What the providers document, plainly:
 * - **AI Studios** documents its payload (`progress`, `credit`, `backendTaskId`, `download_url`) and no
 *   signature. The payload does not name the project either: put your own reference in the URL.
 * - **Influencer Studio** takes a `webhook` URL but publishes neither the payload nor a signature. The
 *   body is read as the generation status shape (`GET /generations/{id}/status`), which is an
 *   assumption (`payload: "inferred"`); anything else is refused, and `jobs.status` is the safe answer.
 * - AliveAI, AI Media Studio and Supapost take no webhook.
 *
 * Because no provider signs its calls, `webhookUrlWithToken` puts a secret token in the URL you give
 * the provider and `verifyWebhookToken` compares it in constant time. That proves the caller knows
 * the URL — not more: use HTTPS, keep the URL out of logs, and treat the payload as a hint to confirm
 * with `studio.jobs.status(handle)` before acting on money or publishing.
 *
 * Server-side only (node:crypto); the main `studiokit` entry point does not import it.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { AuthenticationError, ConfigurationError, ValidationError, type JobState } from "@studiokit/runtime";
import type { MediaOutput } from "./types.js";
import { mediaTypeOf } from "./studio.js";

/** The providers that call a webhook. */
export type WebhookProvider = "influencer-studio" | "aistudios";

export const webhookProviders: readonly WebhookProvider[] = ["influencer-studio", "aistudios"];

/** A job's status as a webhook reported it. */
export interface WebhookStatus<P extends WebhookProvider = WebhookProvider> {
  provider: P;
  /** The job's id when the payload names it (Influencer Studio's `generation_id`); AI Studios' does not. */
  jobId: string | undefined;
  /** AI Studios' render task id (`backendTaskId`), which is not the project id of the job handle. */
  taskId?: string | undefined;
  state: JobState;
  /** 0..1 where the payload says. */
  progress?: number | undefined;
  outputs: MediaOutput[];
  /** Credits the job spent, where the payload says (AI Studios at 100 %, Influencer Studio's `credits_used`). */
  creditsUsed?: number | undefined;
  /** `documented`: the provider publishes this payload; `inferred`: it does not, and the shape is assumed. */
  payload: "documented" | "inferred";
  /** The body as received. */
  raw: unknown;
}

/** The default query parameter that carries the token. */
export const WEBHOOK_TOKEN_PARAMETER = "studiokit_token";

/** `url` with the secret token added, to pass as `webhookUrl`. */
export function webhookUrlWithToken(url: string, token: string, parameter = WEBHOOK_TOKEN_PARAMETER): string {
  if (typeof token !== "string" || token === "") {
    throw new ConfigurationError("studiokit/webhooks: the token must be a non-empty string", { provider: "webhook", operation: "webhookUrlWithToken", reason: "invalid_option", option: "token" });
  }
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    // Not quoted: a URL someone builds may already hold a token of theirs.
    throw new ConfigurationError("studiokit/webhooks: the webhook URL must be an absolute URL", {
      provider: "webhook",
      operation: "webhookUrlWithToken",
      reason: "invalid_option",
      option: "url",
      secrets: [token],
    });
  }
  target.searchParams.set(parameter, token);
  return target.toString();
}

/**
 * Throws AuthenticationError unless the request URL (absolute, or a path such as Node's
 * `request.url`) carries `token`. The comparison takes the same time whatever the guess.
 */
export function verifyWebhookToken(requestUrl: string, token: string, options: { provider?: WebhookProvider; parameter?: string } = {}): void {
  // An empty or missing expected token (an unset variable) would accept `?studiokit_token=`: fail closed.
  if (typeof token !== "string" || token === "") {
    throw new ConfigurationError("studiokit/webhooks: the expected token must be a non-empty string", { provider: "webhook", operation: "verifyWebhookToken", reason: "invalid_option", option: "token" });
  }
  const received = new URL(requestUrl, "http://receiver.invalid").searchParams.get(options.parameter ?? WEBHOOK_TOKEN_PARAMETER);
  // Hashing first gives equal lengths, so timingSafeEqual does not reveal the token's length either.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  const matches = received !== null && timingSafeEqual(digest(received), digest(token));
  if (!matches) {
    throw new AuthenticationError("webhook call without the expected token: refused", {
      provider: options.provider ?? "webhook",
      operation: "webhook",
      secrets: [token, ...(received ? [received] : [])],
    });
  }
}

/** Parses a webhook body (the parsed JSON, or its text or bytes) into a typed status. */
export function parseWebhook<P extends WebhookProvider>(provider: P, body: unknown): WebhookStatus<P> {
  switch (provider) {
    case "aistudios":
      return parseAIStudios(decode(provider, body)) as WebhookStatus<P>;
    case "influencer-studio":
      return parseInfluencerStudio(decode(provider, body)) as WebhookStatus<P>;
    default:
      throw new ConfigurationError(`studiokit/webhooks: ${String(provider).slice(0, 80)} sends no webhooks; providers that do: ${webhookProviders.join(", ")}`, {
        provider: typeof provider === "string" ? provider : "webhook",
        operation: "parseWebhook",
        reason: "unknown_provider",
        option: "provider",
      });
  }
}

function decode(provider: WebhookProvider, body: unknown): Record<string, unknown> {
  let value = body;
  if (typeof body === "string" || body instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body));
    } catch {
      throw invalid(provider, "body", "is not JSON");
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw invalid(provider, "body", "must be a JSON object");
  return value as Record<string, unknown>;
}

/** AI Studios `projectProgress` (specs/aistudios webhooks): `progress` 0–100; `download_url` when rendered. */
function parseAIStudios(body: Record<string, unknown>): WebhookStatus<"aistudios"> {
  const { progress, credit, backendTaskId, download_url: downloadUrl } = body;
  if (typeof progress !== "number" || !Number.isInteger(progress) || progress < 0 || progress > 100) {
    throw invalid("aistudios", "progress", "must be an integer from 0 to 100");
  }
  if (downloadUrl !== undefined && typeof downloadUrl !== "string") throw invalid("aistudios", "download_url", "must be a string");
  if (credit !== undefined && typeof credit !== "number") throw invalid("aistudios", "credit", "must be a number");
  if (backendTaskId !== undefined && typeof backendTaskId !== "string") throw invalid("aistudios", "backendTaskId", "must be a string");
  // As in polling: done once there is a URL to download; 100 % without one is still finishing.
  const done = typeof downloadUrl === "string" && downloadUrl !== "";
  return {
    provider: "aistudios",
    jobId: undefined,
    taskId: backendTaskId,
    state: done ? "succeeded" : progress > 0 ? "running" : "queued",
    progress: done ? 1 : Math.min(progress, 99) / 100,
    outputs: done ? [{ url: downloadUrl, mediaType: mediaTypeOf(downloadUrl, "video/mp4") }] : [],
    creditsUsed: credit,
    payload: "documented",
    raw: body,
  };
}

const INFLUENCER_STATES = { queued: "queued", processing: "running", completed: "succeeded", failed: "failed" } as const;

/** Influencer Studio publishes no payload: the generation status shape is assumed, and checked. */
function parseInfluencerStudio(body: Record<string, unknown>): WebhookStatus<"influencer-studio"> {
  const { generation_id: id, status, result_urls: resultUrls, items, credits_used: credits, total_items: total, completed_items: completed } = body;
  const hint = "Influencer Studio publishes no webhook payload; this one was read as a generation status. Call jobs.status(handle) instead";
  if (typeof id !== "string" || id === "") throw invalid("influencer-studio", "generation_id", `is missing. ${hint}`);
  if (typeof status !== "string" || !Object.hasOwn(INFLUENCER_STATES, status)) throw invalid("influencer-studio", "status", `must be one of ${Object.keys(INFLUENCER_STATES).join(", ")}. ${hint}`);
  // Own keys only: `in` also accepts "constructor" or "__proto__", whose values are not states.
  const state = INFLUENCER_STATES[status as keyof typeof INFLUENCER_STATES];
  const itemUrls = Array.isArray(items)
    ? items.flatMap((item: { url?: unknown; id?: unknown; type?: unknown }) =>
        typeof item?.url === "string" ? [{ url: item.url, mediaType: mediaTypeOf(item.url, item.type === "video" ? "video/*" : "image/*"), ...(typeof item.id === "string" ? { id: item.id } : {}) }] : [],
      )
    : [];
  const urls = Array.isArray(resultUrls) ? resultUrls.filter((url): url is string => typeof url === "string") : [];
  const outputs = itemUrls.length > 0 ? itemUrls : urls.map((url) => ({ url, mediaType: mediaTypeOf(url, "image/*") }));
  return {
    provider: "influencer-studio",
    jobId: id,
    state,
    progress: state === "succeeded" ? 1 : typeof total === "number" && total > 0 && typeof completed === "number" ? completed / total : undefined,
    outputs,
    creditsUsed: typeof credits === "number" ? credits : undefined,
    payload: "inferred",
    raw: body,
  };
}

function invalid(provider: WebhookProvider, field: string, message: string): ValidationError {
  return new ValidationError(`${provider} webhook: ${field} ${message}`, { provider, operation: "webhook", issues: [{ path: field, message }], local: true });
}
