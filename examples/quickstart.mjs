#!/usr/bin/env node
// The first hour with studiokit, end to end against the local mocks (`pnpm start`), no API key needed:
// pick a character, generate two images of it, wait for the job, print the image URLs.
//
//   node examples/quickstart.mjs                       # Influencer Studio's mock on :4010
//   node examples/quickstart.mjs aliveai               # any provider with images: its mock port is used
//   STUDIOKIT_MOCK_URL=http://127.0.0.1:5010 node examples/quickstart.mjs   # a mock on another port
//   STUDIOKIT_BASE_URL=https://… STUDIOKIT_API_KEY=… node examples/quickstart.mjs influencer-studio  # the real API
//
// Switching provider is changing the `provider` string; nothing else in the script changes.
import { capabilities, createStudio, StudioKitError } from "studiokit";

const MOCK_PORTS = { "influencer-studio": 4010, supapost: 4011, "ai-media-studio": 4012, aliveai: 4013, aistudios: 4014 };

const provider = process.argv[2] ?? "influencer-studio";
if (!(provider in MOCK_PORTS)) {
  console.error(`Unknown provider "${provider}"; one of: ${Object.keys(MOCK_PORTS).join(", ")}`);
  process.exit(2);
}
const againstMock = !process.env.STUDIOKIT_BASE_URL;
const baseUrl = process.env.STUDIOKIT_BASE_URL ?? process.env.STUDIOKIT_MOCK_URL ?? `http://127.0.0.1:${MOCK_PORTS[provider]}`;

const studio = createStudio({
  provider,
  apiKey: process.env.STUDIOKIT_API_KEY ?? "mock-key",
  baseUrl,
  // A mock answers at once, so the provider's time estimate (minutes, for the real service) is ignored.
  ...(againstMock ? { pollSchedule: { useEstimate: false, minIntervalMs: 200 } } : {}),
});

try {
  if (!capabilities[provider].images) {
    console.log(`${capabilities[provider].name} makes no images; try influencer-studio, ai-media-studio or aliveai.`);
    process.exit(0);
  }
  const characters = capabilities[provider].characters.list ? await studio.characters.list() : [];
  const character = characters.find((candidate) => candidate.ready !== false) ?? characters[0];
  console.log(character ? `character: ${character.name ?? character.id} (${character.id})` : "no characters: generating without one");

  const job = await studio.images.submit({
    prompt: "studio portrait, soft window light, 85mm",
    n: 2,
    aspectRatio: "1:1",
    ...(character && capabilities[provider].images.character ? { character: character.id } : {}),
  });
  console.log(`job: ${JSON.stringify(job)}`);

  const status = await studio.jobs.wait(job, {
    timeoutMs: 120_000,
    onProgress: (update) => console.log(`  ${update.state}${update.progress !== undefined ? ` ${Math.round(update.progress * 100)}%` : ""}`),
  });
  for (const output of status.outputs) console.log(`image: ${output.url} (${output.mediaType})`);
} catch (error) {
  if (error instanceof StudioKitError) {
    console.error(`${error.name} (${error.code}) from ${error.provider}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
