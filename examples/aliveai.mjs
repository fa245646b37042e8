#!/usr/bin/env node
// AliveAI, everything the facade offers for it: characters (profiles, listed and read), an image of a
// character, a video animated from that image, submit + wait with live progress over the prompt
// websocket, a prompt that fails, and running out of credits.
//   node examples/aliveai.mjs          # against `pnpm start`
import { PermissionError, JobFailedError, StudioKitError } from "studiokit";
import { connect, printProgress, sandboxOnly, step } from "./lib/connect.mjs";

const connection = connect("aliveai");
const { studio } = connection;

const character = await step("characters", async () => {
  const all = await studio.characters.list();
  console.log(`listed ${all.length}: ${all.map((one) => one.name).join(", ")}`);
  const one = await studio.characters.get(all[0].id);
  console.log(`got: ${one.name} (${one.id})`);
  return one;
});

const image = await step("images", async () => {
  const result = await studio.images.generate({ prompt: "on a rooftop terrace at sunset", aspectRatio: "1:1", character: character.id });
  for (const output of result.images) console.log(`image: ${output.url} (${output.mediaType})`);
  return result.images[0];
});

await step("video from that image", async () => {
  const result = await studio.videos.generate({ prompt: "she turns and smiles", image, durationSeconds: 5 });
  console.log(`video: ${result.video.url} (${result.video.mediaType})`);
});

await step("submit + wait with progress", async () => {
  const job = await studio.images.submit({ prompt: "a woman with auburn hair, freckles, green eyes", aspectRatio: "1:1" });
  console.log(`job: ${job.provider} ${job.id} (${job.kind})`);
  const status = await studio.jobs.wait(job, { timeoutMs: 120_000, onProgress: printProgress });
  console.log(`finished: ${status.state}, ${status.outputs.length} output(s)`);
});

await sandboxOnly(connection, "a failing job", async () => {
  await connection.failNextJob();
  try {
    await studio.images.generate({ prompt: "this one is made to fail", aspectRatio: "1:1" });
    throw new Error("the prompt should have failed");
  } catch (error) {
    if (!(error instanceof JobFailedError)) throw error;
    console.log(`failed as staged: ${error.name} (${error.code}): ${error.message}`);
  }
});

await sandboxOnly(connection, "running out of credits", async () => {
  await connection.setCredits(0);
  try {
    await studio.images.submit({ prompt: "no credits left for this", aspectRatio: "1:1" });
    throw new Error("the call should have been refused");
  } catch (error) {
    // AliveAI publishes no 402: an empty account is refused with its 403 problem.
    if (!(error instanceof PermissionError || (error instanceof StudioKitError && error.status === 403))) throw error;
    console.log(`refused: ${error.name} (${error.code}), HTTP ${error.status}`);
  } finally {
    await connection.reset();
  }
});
console.log("\nall done");
