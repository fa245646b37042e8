#!/usr/bin/env node
// The first hour with studiokit, end to end against the sandbox (`pnpm start`), no API key needed:
// pick a character, generate two images of it, wait for the job with progress, print the image URLs.
//
//   node examples/quickstart.mjs                       # Influencer Studio in the sandbox (:4010)
//   node examples/quickstart.mjs aliveai               # any provider that makes images
//   STUDIOKIT_SANDBOX_URL=http://127.0.0.1:5010 node examples/quickstart.mjs   # a sandbox on another port
//   STUDIOKIT_API_KEY=… node examples/quickstart.mjs influencer-studio   # the real API (STUDIOKIT_BASE_URL for another host)
//
// Switching provider is changing the `provider` string; nothing else in the script changes.
import { capabilities, StudioKitError } from "studiokit";
import { connect, printProgress } from "./lib/connect.mjs";

const provider = process.argv[2] ?? "influencer-studio";
if (!(provider in capabilities)) {
  console.error(`Unknown provider "${provider}"; one of: ${Object.keys(capabilities).join(", ")}`);
  process.exit(2);
}

try {
  if (!capabilities[provider].images) {
    console.log(`${capabilities[provider].name} makes no images; try influencer-studio, ai-media-studio or aliveai.`);
    process.exit(0);
  }
  const { studio } = connect(provider);
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

  const status = await studio.jobs.wait(job, { timeoutMs: 120_000, onProgress: printProgress });
  for (const output of status.outputs) console.log(`image: ${output.url} (${output.mediaType})`);
} catch (error) {
  if (error instanceof StudioKitError) {
    console.error(`${error.name} (${error.code}) from ${error.provider}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
