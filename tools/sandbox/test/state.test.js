// Records outlive the request that made them: created, listed, read, updated, deleted; unknown ids get
// the provider's own 404; with a state file, a restart keeps them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox } from "./support.js";

let box;
beforeAll(async () => {
  box = await sandbox({ providers: ["supapost", "influencer-studio", "aistudios"] });
});
afterAll(() => box.stop());

describe("state", () => {
  it("keeps a Supapost influencer through create, list, update and delete", async () => {
    const created = await box.call("supapost", "POST", "/influencers", { body: { name: "Mira", description: "test", style: "realistic", model: "fal:flux-pro", images: ["https://example.com/m.jpg"] } });
    expect(created.status).toBe(200);
    expect(created.json.name).toBe("Mira");
    const id = created.json.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const listed = await box.call("supapost", "GET", "/influencers");
    expect(listed.json.map((item) => item.id)).toContain(id);
    expect(listed.json.find((item) => item.id === id).images).toEqual(["https://example.com/m.jpg"]);

    const updated = await box.call("supapost", "PATCH", `/influencers/${id}`, { body: { name: "Mira Two" } });
    expect(updated.status).toBe(200);
    expect(updated.json.name).toBe("Mira Two");
    expect((await box.call("supapost", "GET", "/influencers")).json.find((item) => item.id === id).name).toBe("Mira Two");

    expect((await box.call("supapost", "DELETE", `/influencers/${id}`)).status).toBe(204);
    expect((await box.call("supapost", "GET", "/influencers")).json.map((item) => item.id)).not.toContain(id);
  });

  it("answers an unknown id with the provider's own 404 body", async () => {
    const missing = await box.call("supapost", "PATCH", "/influencers/00000000-0000-4000-8000-000000000000", { body: { name: "x" } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: "Influencer not found" });
    const noJob = await box.call("influencer-studio", "GET", "/generations/nope/status");
    expect(noJob.status).toBe(404);
    expect(noJob.json).toEqual({ error: "Not found" });
  });

  it("lists a created Influencer Studio influencer with its first image as its face", async () => {
    const created = await box.call("influencer-studio", "POST", "/influencers/create", { body: { name: "Nadia", image_urls: ["https://example.com/n.jpg"] } });
    expect(created.status).toBe(200);
    const listed = (await box.call("influencer-studio", "GET", "/influencers")).json;
    const nadia = listed.find((item) => item.id === created.json.influencer_id);
    expect(nadia).toMatchObject({ name: "Nadia", face_image: "https://example.com/n.jpg" });
  });

  it("lists AI Studios projects that were created, with their state", async () => {
    const made = await box.call("aistudios", "POST", "/simple/video", { body: { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320" } });
    const projects = (await box.call("aistudios", "GET", "/editor/project")).json.data;
    expect(projects[0]).toMatchObject({ id: made.json.data.projectId, state: "waiting" });
  });

  it("keeps state in a file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-state-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await sandbox({ providers: ["supapost"], stateFile });
      const created = await first.call("supapost", "POST", "/influencers", { body: { name: "Persisted", description: "d", style: "realistic", model: "fal:flux-pro", images: ["https://example.com/p.jpg"] } });
      await first.stop();
      const second = await sandbox({ providers: ["supapost"], stateFile });
      const listed = (await second.call("supapost", "GET", "/influencers")).json;
      await second.stop();
      expect(listed.map((item) => item.id)).toContain(created.json.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("deleting jobs", () => {
  it("deletes AI Studios projects named in the body and counts them", async () => {
    const body = { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320" };
    const first = (await box.call("aistudios", "POST", "/simple/video", { body })).json.data.projectId;
    const second = (await box.call("aistudios", "POST", "/simple/video", { body })).json.data.projectId;
    const deleted = await box.call("aistudios", "DELETE", "/editor/project", { body: { ids: [first, second, "000000000000000000000000"] } });
    expect(deleted.json).toEqual({ success: true, data: { deletedCount: 2 } });
    const left = (await box.call("aistudios", "GET", "/editor/project")).json.data.map((project) => project.id);
    expect(left).not.toContain(first);
    expect((await box.call("aistudios", "GET", `/editor/progress/${first}`)).status).toBe(404);
  });
});

describe("projects", () => {
  it("keeps an AI Studios project: created, read with its name and state, edited and exported again", async () => {
    const made = await box.call("aistudios", "POST", "/editor/project", { body: { name: "Launch video", orientation: "landscape", scenes: [] } });
    const key = made.json.data.projectId;
    const read = await box.call("aistudios", "GET", `/editor/project/${key}`);
    expect(read.json.data.project).toMatchObject({ _id: key, name: "Launch video", orientation: "landscape", state: "waiting", progress: 0 });
    await box.advance(5);
    expect((await box.call("aistudios", "GET", `/editor/project/${key}`)).json.data.project).toMatchObject({ state: "exported", progress: 100 });
    const edited = await box.call("aistudios", "POST", `/editor/project/${key}`, { body: { updates: { value: [] } } });
    expect(edited.json.data.projectId).toBe(key);
    expect((await box.call("aistudios", "GET", `/editor/project/${key}`)).json.data.project).toMatchObject({ name: "Launch video", state: "waiting" });
    expect((await box.call("aistudios", "GET", "/editor/project/nope")).status).toBe(404);
  });
});
