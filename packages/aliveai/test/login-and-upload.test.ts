// What Prism cannot check for AliveAI, against a scripted local server instead: logging in with email
// and password (token kept, shared, renewed once after a 401, never leaked) and the multipart upload
// of a Blob, a File and a Buffer (Prism parses the form but never looks at the file).
import { createServer, type IncomingMessage, type Server } from "node:http";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { AuthenticationError, createAliveAIClient } from "../src/index.js";

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: (seen: Seen, all: Seen[]) => { status: number; body?: unknown }) {
  const seen: Seen[] = [];
  server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry: Seen = {
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      body: Buffer.concat(chunks),
    };
    seen.push(entry);
    const answer = handler(entry, seen);
    res.writeHead(answer.status, answer.body === undefined ? {} : { "content-type": "application/json" });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server!.address();
  return { url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, seen };
}

const me = { id: "u1", credits: 10, email: "jane@mail.test", emailConfirmed: true, hasPurchase: false, created: "2026-01-01T00:00:00Z" };
const PASSWORD = "pw-SENTINEL-7f3a9c";

describe("login with email and password", () => {
  it("logs in once, sends the token as Bearer, and shares one login between concurrent calls", async () => {
    let logins = 0;
    const { url, seen } = await serve((request) => {
      if (request.path === "/members/login") {
        logins++;
        expect(request.authorization).toBeUndefined();
        expect(JSON.parse(request.body.toString())).toEqual({ email: "jane@mail.test", password: PASSWORD });
        return { status: 200, body: { accessToken: "token-1" } };
      }
      return request.authorization === "Bearer token-1" ? { status: 200, body: me } : { status: 401, body: { title: "Unauthorized" } };
    });
    const client = createAliveAIClient({ email: "jane@mail.test", password: PASSWORD, baseUrl: url });
    const results = await Promise.all([client.GET("/members/me"), client.GET("/members/me"), client.GET("/members/me")]);
    expect(results.map((result) => result.data.id)).toEqual(["u1", "u1", "u1"]);
    expect(logins).toBe(1);
    expect(seen.filter((request) => request.path === "/members/me")).toHaveLength(3);
  });

  it("logs in again once when the token is refused, then gives up with an AuthenticationError", async () => {
    let logins = 0;
    const { url } = await serve((request) => {
      if (request.path === "/members/login") return { status: 200, body: { accessToken: `token-${++logins}` } };
      // Only the second token is accepted: the first call must renew it.
      return request.authorization === "Bearer token-2" ? { status: 200, body: me } : { status: 401, body: { title: "expired" } };
    });
    const client = createAliveAIClient({ email: "jane@mail.test", password: PASSWORD, baseUrl: url });
    expect((await client.GET("/members/me")).data.email).toBe("jane@mail.test");
    expect(logins).toBe(2);

    const { url: refusing } = await serve((request) =>
      request.path === "/members/login" ? { status: 200, body: { accessToken: "token-x" } } : { status: 401, body: { title: "no" } },
    );
    const stubborn = createAliveAIClient({ email: "jane@mail.test", password: PASSWORD, baseUrl: refusing });
    await expect(stubborn.GET("/members/me")).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("never puts the password or the token into an error", async () => {
    const { url } = await serve((request) =>
      request.path === "/members/login"
        ? { status: 200, body: { accessToken: "tok-SENTINEL-55aa" } }
        : { status: 403, body: { title: "Forbidden", detail: `token tok-SENTINEL-55aa with password ${PASSWORD} is not allowed` } },
    );
    const client = createAliveAIClient({ email: "jane@mail.test", password: PASSWORD, baseUrl: url });
    const error = await client.GET("/members/me").catch((e: unknown) => e);
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ""]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain("tok-SENTINEL-55aa");
    }
  });

  it("reports a failed login as the login's own typed error", async () => {
    const { url } = await serve(() => ({ status: 401, body: { title: "Bad credentials" } }));
    const client = createAliveAIClient({ email: "jane@mail.test", password: PASSWORD, baseUrl: url });
    const error = await client.GET("/members/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).operation).toBe("login");
  });
});

describe("uploading a file", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  for (const [kind, make] of [
    ["Blob", () => new Blob([png], { type: "image/png" })],
    ["File", () => new File([png], "face.png", { type: "image/png" })],
    ["Buffer", () => Buffer.from(png)],
  ] as const) {
    it(`sends a ${kind} as the multipart "image" part with the "name" field`, async () => {
      const { url, seen } = await serve(() => ({ status: 200, body: { mediaId: "m1", mediaType: "IMAGE" } }));
      const client = createAliveAIClient({ apiKey: "key-1", baseUrl: url });
      const { data } = await client.POST("/upload", { body: { name: "face", image: make() } });
      expect(data).toEqual({ mediaId: "m1", mediaType: "IMAGE" });

      const [request] = seen;
      expect(request!.authorization).toBe("Key key-1");
      expect(request!.contentType).toMatch(/^multipart\/form-data; boundary=/);
      const form = await new Response(new Uint8Array(request!.body), { headers: { "content-type": request!.contentType! } }).formData();
      expect(form.get("name")).toBe("face");
      const image = form.get("image") as File;
      expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);
    });
  }
});
