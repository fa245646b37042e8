// The output files are real media: headless Chromium (the system's, as the docs browser test uses)
// decodes a video job's MP4 to a frame of the expected size and colour, and an image job's PNG.
import { chromium } from "playwright-core";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { colourOf } from "../src/media.js";
import { sandbox } from "./support.js";

const CHROMIUM = process.env.STUDIOKIT_CHROMIUM ?? "/usr/bin/chromium";
let box;
let browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set STUDIOKIT_CHROMIUM)`);
  box = await sandbox({ providers: ["influencer-studio"], jobSeconds: 1 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await box?.stop();
});

async function outputOf(route, body) {
  const made = await box.call("influencer-studio", "POST", route, { body });
  await box.advance(2);
  const status = await box.call("influencer-studio", "GET", `/generations/${made.json.generation_id}/status`);
  return status.json.result_urls[0];
}

describe("output files in a browser", () => {
  it("decodes a video job's MP4 (32×32, one second) and its frame has the file's colour", async () => {
    const url = await outputOf("/videos/generate", { prompt: "decode me" });
    const page = await browser.newPage();
    // A page on the sandbox's own origin, so that the decoded frame can be read back from a canvas.
    const pageUrl = `${box.url("influencer-studio")}/decode.html`;
    await page.route(pageUrl, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>decode</title>" }));
    await page.goto(pageUrl);
    const result = await page.evaluate(async (src) => {
      const video = document.createElement("video");
      video.muted = true;
      video.src = src;
      await new Promise((resolve, reject) => {
        video.addEventListener("loadeddata", resolve, { once: true });
        video.addEventListener("error", () => reject(new Error(`media error ${video.error?.code}`)), { once: true });
      });
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext("2d");
      // `loadeddata` can come before the decoded frame is ready to draw (a loaded machine drew it
      // all black once): the frame is drawn again until it shows, for a second at most.
      let pixel = [0, 0, 0];
      for (let tries = 0; tries < 50; tries++) {
        context.drawImage(video, 0, 0);
        pixel = [...context.getImageData(16, 16, 1, 1).data].slice(0, 3);
        if (pixel.some((channel) => channel > 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { width: video.videoWidth, height: video.videoHeight, duration: video.duration, pixel };
    }, url);
    await page.close();
    expect(result).toMatchObject({ width: 32, height: 32, duration: 1 });
    const expected = colourOf(url.split("/").pop());
    // YUV rounding moves each channel by a few steps at most.
    result.pixel.forEach((channel, index) => expect(Math.abs(channel - expected[index])).toBeLessThanOrEqual(6));
  }, 60_000);

  it("decodes an image job's PNG", async () => {
    const url = await outputOf("/images/generate", { prompt: "show me" });
    const page = await browser.newPage();
    const size = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      return [image.naturalWidth, image.naturalHeight];
    }, url);
    await page.close();
    expect(size).toEqual([64, 64]);
  }, 60_000);
});
