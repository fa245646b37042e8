// Uploads are multipart: the sandbox reads the form, checks its fields against the spec, keeps a
// record and answers with an id (and, for AI Media Studio, a URL that serves an image).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePng } from "../src/media.js";
import { AUTH, sandbox } from "./support.js";

let box;
beforeAll(async () => {
  box = await sandbox({ providers: ["aliveai", "ai-media-studio"] });
});
afterAll(() => box.stop());

const upload = (provider, path, fields) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value, ...(value instanceof Blob ? ["face.png"] : []));
  return fetch(`${box.url(provider)}${path}`, { method: "POST", headers: AUTH[provider], body: form }).then(async (response) => ({ status: response.status, json: await response.json() }));
};

describe("uploads", () => {
  it("takes an AliveAI upload and answers a new media id", async () => {
    const answer = await upload("aliveai", "/upload", { name: "face", image: new Blob([makePng([1, 2, 3])], { type: "image/png" }) });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ mediaType: "IMAGE" });
    expect(answer.json.mediaId).toMatch(/^[A-Za-z0-9]{10}$/);
  });

  it("takes an AI Media Studio upload and answers a URL that serves an image", async () => {
    const answer = await upload("ai-media-studio", "/uploads", { file: new Blob([makePng([1, 2, 3])], { type: "image/png" }) });
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(true);
    const file = await fetch(answer.json.url);
    expect(file.headers.get("content-type")).toBe("image/png");
  });

  it("refuses an upload without its required file field", async () => {
    const answer = await upload("ai-media-studio", "/uploads", { other: "x" });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain("file");
  });
});
