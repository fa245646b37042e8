// createStudio({ provider: "aliveai", login: { email, password } }): the facade logs in through the
// generated client and sends the token as Bearer; the password never shows in an error.
import { createServer, type Server } from "node:http";
import { inspect } from "node:util";
import { afterEach, expect, it } from "vitest";
import { createStudio, PermissionError } from "../src/index.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

it("logs in once and lists characters with the token", async () => {
  const seen: { path: string; authorization?: string }[] = [];
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    seen.push({ path, authorization: req.headers.authorization });
    req.resume();
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/members/login") return send(200, { accessToken: "tok-1" });
    if (path === "/members/me" || req.headers.authorization !== "Bearer tok-1") {
      return send(403, { title: "Forbidden", detail: "password pw-SENTINEL-9 is not a token" });
    }
    send(200, { profiles: [{ id: "c1", name: "Mia", characterProfile: true }], hasNextPage: false });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const studio = createStudio({ provider: "aliveai", login: { email: "mia@mail.test", password: "pw-SENTINEL-9" }, baseUrl });
  const characters = await studio.characters.list();
  expect(characters.map((character) => character.id)).toEqual(["c1"]);
  expect(seen.map((request) => [request.path, request.authorization])).toEqual([
    ["/members/login", undefined],
    ["/profiles", "Bearer tok-1"],
  ]);

  // A provider that echoes the password in an error body: the error still never carries it.
  const error = await studio.raw.GET("/members/me").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PermissionError);
  expect(inspect(error, { depth: 10 }) + JSON.stringify(error) + String(error)).not.toContain("pw-SENTINEL-9");
});
