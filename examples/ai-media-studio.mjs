#!/usr/bin/env node
// AI Media Studio, everything the facade offers for it: images and a video (the provider answers
// synchronously, when the media exists), submit + wait, a generation that fails, and running out of
// credits. It has no characters.
//   node examples/ai-media-studio.mjs          # against `pnpm start`
import { InsufficientCreditsError, JobFailedError } from "studiokit";
import { connect, printProgress, sandboxOnly, step } from "./lib/connect.mjs";

const connection = connect("ai-media-studio");
const { studio } = connection;

await step("images", async () => {
  const result = await studio.images.generate({ prompt: "a ceramic teapot, product photo", n: 2, aspectRatio: "4:3", seed: 7 });
  for (const image of result.images) console.log(`image: ${image.url} (${image.mediaType})`);
});

await step("video", async () => {
  const result = await studio.videos.generate({ prompt: "waves rolling onto a beach at sunrise", aspectRatio: "16:9", durationSeconds: 4 });
  console.log(`video: ${result.video.url} (${result.video.mediaType})`);
});

await step("submit + wait with progress", async () => {
  // Synchronous: submit returns once the image exists, and waiting reads the outcome from the handle.
  const job = await studio.images.submit({ prompt: "a paper crane on a desk" });
  console.log(`job: ${job.provider} ${job.id} (${job.kind})`);
  const status = await studio.jobs.wait(job, { onProgress: printProgress });
  console.log(`finished: ${status.state}, ${status.outputs.length} output(s)`);
});

await sandboxOnly(connection, "a failing job", async () => {
  await connection.failNextJob();
  try {
    await studio.images.generate({ prompt: "this one is made to fail" });
    throw new Error("the generation should have failed");
  } catch (error) {
    if (!(error instanceof JobFailedError)) throw error;
    console.log(`failed as staged: ${error.name} (${error.code}): ${error.message}`);
  }
});

await sandboxOnly(connection, "running out of credits", async () => {
  await connection.setCredits(0);
  try {
    await studio.images.generate({ prompt: "no credits left for this" });
    throw new Error("the call should have been refused");
  } catch (error) {
    if (!(error instanceof InsufficientCreditsError)) throw error;
    console.log(`refused: ${error.name} (${error.code}), HTTP ${error.status}`);
  } finally {
    await connection.reset();
  }
});
console.log("\nall done");
