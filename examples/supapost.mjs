#!/usr/bin/env node
// Supapost, everything the facade offers for it: characters (influencers) listed, created, read,
// updated and deleted. Supapost makes no images or videos and runs no jobs, and none of its calls
// spends credits, so there is no job to fail and no balance to run out.
//   node examples/supapost.mjs          # against `pnpm start`
import { capabilities, NotFoundError } from "studiokit";
import { connect, step } from "./lib/connect.mjs";

const { studio } = connect("supapost");
console.log(`images: ${Boolean(capabilities.supapost.images)}, videos: ${Boolean(capabilities.supapost.videos)}, jobs: ${capabilities.supapost.jobs}`);

const created = await step("create", async () => {
  const character = await studio.characters.create({
    name: "Luna Example",
    images: ["https://example.com/luna-1.jpg"],
    traits: { gender: "Female", ageRange: "18-24" },
  });
  console.log(`created: ${character.name} (${character.id})`);
  return character;
});

await step("list and get", async () => {
  const all = await studio.characters.list();
  console.log(`listed ${all.length}: ${all.map((one) => one.name).join(", ")}`);
  const one = await studio.characters.get(created.id);
  console.log(`got: ${one.name} (${one.id})`);
});

await step("update", async () => {
  const updated = await studio.characters.update(created.id, { name: "Luna Renamed" });
  console.log(`updated: ${updated.name}`);
  const again = await studio.characters.get(created.id);
  console.log(`read back: ${again.name}`);
});

await step("delete", async () => {
  await studio.characters.delete(created.id);
  try {
    await studio.characters.get(created.id);
    throw new Error("the character should be gone");
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    console.log(`gone: ${error.name} (${error.code})`);
  }
});
console.log("\nall done");
