#!/usr/bin/env node
// Influencer Studio, everything the facade offers for it: characters (list, create, get), images
// (with a character), a video, submit + wait with progress, a job that fails, and running out of credits.
//   node examples/influencer-studio.mjs          # against `pnpm start`
import { InsufficientCreditsError, JobFailedError } from "studiokit";
import { connect, printProgress, sandboxOnly, step } from "./lib/connect.mjs";

const connection = connect("influencer-studio");
const { studio } = connection;

const character = await step("characters", async () => {
  const all = await studio.characters.list();
  console.log(`listed ${all.length}: ${all.map((one) => one.name).join(", ")}`);
  const created = await studio.characters.create({ name: "Ada Example", images: ["https://example.com/ada-face.jpg"] });
  console.log(`created: ${created.name} (${created.id})`);
  const again = await studio.characters.get(created.id);
  console.log(`got: ${again.name} (${again.id})`);
  return all.find((one) => one.ready) ?? created;
});

await step("images", async () => {
  const result = await studio.images.generate({ prompt: "studio portrait, soft window light", n: 2, aspectRatio: "1:1", character: character.id });
  for (const image of result.images) console.log(`image: ${image.url} (${image.mediaType})`);
});

await step("video", async () => {
  const result = await studio.videos.generate({ prompt: "a slow pan across a sunlit studio", aspectRatio: "16:9", durationSeconds: 5 });
  console.log(`video: ${result.video.url} (${result.video.mediaType})`);
});

await step("submit + wait with progress", async () => {
  const job = await studio.images.submit({ prompt: "a lighthouse at dusk" });
  console.log(`job: ${JSON.stringify(job)}`);
  const status = await studio.jobs.wait(job, { timeoutMs: 120_000, onProgress: printProgress });
  console.log(`finished: ${status.state}, ${status.outputs.length} output(s)`);
});

await sandboxOnly(connection, "a failing job", async () => {
  await connection.failNextJob();
  try {
    await studio.images.generate({ prompt: "this one is made to fail" });
    throw new Error("the job should have failed");
  } catch (error) {
    if (!(error instanceof JobFailedError)) throw error;
    console.log(`failed as staged: ${error.name} (${error.code}): ${error.message}`);
  }
});

await sandboxOnly(connection, "running out of credits", async () => {
  await connection.setCredits(0);
  try {
    await studio.images.submit({ prompt: "no credits left for this" });
    throw new Error("the call should have been refused");
  } catch (error) {
    if (!(error instanceof InsufficientCreditsError)) throw error;
    console.log(`refused: ${error.name} (${error.code}), HTTP ${error.status}`);
  } finally {
    await connection.reset();
  }
});
console.log("\nall done");
