/**
 * Response bodies a client must survive: malformed JSON, HTML where JSON was expected, bodies cut
 * off mid-way, bodies too large to hold, and content types that lie. Each ends in a typed error
 * (or a parsed result where that is right) — never a hang, never an unhandled rejection.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { NetworkError, ProviderError } from "../src/index.js";
import { answer } from "./support/scripted-server.js";
import { rejectionOf, useHarness } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };
const loginPage = `<!doctype html><html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>`;

describe("a 200 whose body is not the JSON promised", () => {
  it("ends malformed JSON in a ProviderError that keeps the status and the text", async () => {
    h.server.reply(answer.text(200, '{"id":"gen_1","status":', "application/json"));

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: "test-studio", operation: "generateVideo", status: 200, body: '{"id":"gen_1","status":' });
    expect((error as Error).message).toMatch(/could not be read as JSON/);
    expect(h.server.requests).toHaveLength(1);
  });

  it("ends malformed JSON sent without a Content-Length (chunked) the same way", async () => {
    h.server.reply({ kind: "stream", status: 200, headers: { "content-type": "application/json" }, chunk: "{not json", chunks: 3 });

    const error = await rejectionOf(h.client().GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 200, body: "{not json{not json{not json" });
  });

  it("ends an HTML page (a captive portal or login wall) in a ProviderError", async () => {
    h.server.reply(answer.html(200, loginPage));

    const error = await rejectionOf(h.client().GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 200, body: loginPage });
  });

  it("ends binary bytes labelled as an image in a ProviderError", async () => {
    h.server.reply({ kind: "respond", status: 200, headers: { "content-type": "image/png" }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]) });

    expect(await rejectionOf(h.client().GET("/influencers"))).toBeInstanceOf(ProviderError);
  });

  it("parses valid JSON even when the provider labels it text/plain", async () => {
    h.server.reply(answer.text(200, '{"items":[{"id":"inf_1","name":"Ava"}]}', "text/plain"));

    const { data } = await h.client().GET("/influencers");

    expect(data).toEqual({ items: [{ id: "inf_1", name: "Ava" }] });
  });

  it("decodes a gzip-compressed JSON body", async () => {
    const items = [{ id: "inf_1", name: "Ava" }];
    h.server.reply({
      kind: "respond",
      status: 200,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: gzipSync(JSON.stringify({ items })),
    });

    const { data } = await h.client().GET("/influencers");

    expect(data).toEqual({ items });
  });

  it("returns undefined data for an empty 200 and a 204", async () => {
    h.server.reply(answer.empty(200, { "content-length": "0" }), answer.empty(204));
    const client = h.client();

    expect((await client.GET("/influencers")).data).toBeUndefined();
    expect((await client.DELETE("/influencers/{id}", { params: { path: { id: "inf_1" } } })).data).toBeUndefined();
  });
});

describe("error statuses with non-JSON bodies", () => {
  it("keeps a proxy's HTML error page as text and quotes only its start in the message", async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${"<p>nginx</p>".repeat(50)}</body></html>`;
    h.server.always(answer.html(502, page));

    const error = await rejectionOf(h.client({ maxRetries: 0 }).GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 502, body: page });
    const message = (error as Error).message;
    expect(message).toContain("HTTP 502: <html><head><title>502 Bad Gateway");
    expect(message.length).toBeLessThan(300);
  });
});

describe("bodies cut off", () => {
  it("ends a body shorter than its Content-Length (socket half-closed) in a NetworkError", async () => {
    h.server.reply(answer.truncated("end"));

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ mayHaveReachedProvider: true, operation: "generateVideo" });
    expect((error as Error).message).toMatch(/cut off/);
    expect(h.server.requests).toHaveLength(1);
  });

  it("ends a body shorter than its Content-Length (socket destroyed) in a NetworkError", async () => {
    h.server.reply(answer.truncated("destroy"));

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(NetworkError);
    expect(h.server.requests).toHaveLength(1);
  });

  it("retries a GET whose body was cut off, and succeeds", async () => {
    h.server.reply(answer.truncated("end"), answer.json(200, { items: [] }));

    const { data } = await h.client().GET("/influencers");

    expect(data).toEqual({ items: [] });
    expect(h.server.requests).toHaveLength(2);
  });
});

describe("oversized bodies (maxResponseBytes)", () => {
  it("refuses a body whose declared Content-Length is over the limit, without retrying", async () => {
    h.server.reply(answer.text(200, "x".repeat(5_000), "application/json"), answer.json(200, { items: [] }));

    const error = await rejectionOf(h.client({ maxResponseBytes: 1_000 }).GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ operation: "listInfluencers" });
    expect((error as Error).message).toMatch(/more than 1000 bytes/);
    expect(h.server.requests).toHaveLength(1);
  });

  it("refuses a chunked body once it grows over the limit", async () => {
    h.server.reply({ kind: "stream", status: 200, headers: { "content-type": "application/json" }, chunk: "y".repeat(1_024), chunks: 1_000 });

    const error = await rejectionOf(h.client({ maxResponseBytes: 64 * 1_024 }).GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/more than 65536 bytes/);
    expect(h.server.requests).toHaveLength(1);
  });

  it("accepts a body right at the limit", async () => {
    const body = JSON.stringify({ items: [{ id: "inf_1", name: "A".repeat(200) }] });
    h.server.reply(answer.text(200, body, "application/json"));

    const { data } = await h.client({ maxResponseBytes: Buffer.byteLength(body) }).GET("/influencers");

    expect(data?.items[0]?.name).toHaveLength(200);
  });
});
