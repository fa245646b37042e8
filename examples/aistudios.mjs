#!/usr/bin/env node
// AI Studios (DeepBrain), everything the facade offers for it: characters (avatars, listed and read),
// a video of an avatar reading a script, submit + wait with export progress, an export that fails,
// and running out of credits.
//   node examples/aistudios.mjs          # against `pnpm start`
import { JobFailedError, StudioKitError } from "studiokit";
import { connect, printProgress, sandboxOnly, step } from "./lib/connect.mjs";

const connection = connect("aistudios");
const { studio } = connection;

const avatar = await step("characters", async () => {
  const all = await studio.characters.list();
  console.log(`listed ${all.length}: ${all.map((one) => `${one.name} (${one.id})`).join(", ")}`);
  const one = await studio.characters.get(all[0].id);
  console.log(`got: ${one.name}, outfits ${JSON.stringify(one.traits?.clothes)}`);
  return one;
});

await step("video", async () => {
  const result = await studio.videos.generate({ prompt: "Hello! This is a video made with studiokit.", character: avatar.id });
  console.log(`video: ${result.video.url} (${result.video.mediaType})`);
});

await step("submit + wait with progress", async () => {
  const job = await studio.videos.submit({ prompt: "A second script, to watch the export move.", character: avatar.id });
  console.log(`job: ${job.provider} ${job.id} (${job.kind})`);
  const status = await studio.jobs.wait(job, { timeoutMs: 900_000, onProgress: printProgress });
  console.log(`finished: ${status.state}, ${status.outputs.length} output(s)`);
});

await sandboxOnly(connection, "a failing job", async () => {
  await connection.failNextJob();
  try {
    await studio.videos.generate({ prompt: "This export is made to fail.", character: avatar.id });
    throw new Error("the export should have failed");
  } catch (error) {
    if (!(error instanceof JobFailedError)) throw error;
    console.log(`failed as staged: ${error.name} (${error.code}): ${error.message}`);
  }
});

await sandboxOnly(connection, "running out of credits", async () => {
  await connection.setCredits(0);
  try {
    await studio.videos.submit({ prompt: "No credits left for this.", character: avatar.id });
    throw new Error("the call should have been refused");
  } catch (error) {
    // AI Studios publishes no 402 or error body: an empty account is refused with its 400.
    if (!(error instanceof StudioKitError && error.status === 400)) throw error;
    console.log(`refused: ${error.name} (${error.code}), HTTP ${error.status}`);
  } finally {
    await connection.reset();
  }
});
console.log("\nall done");
