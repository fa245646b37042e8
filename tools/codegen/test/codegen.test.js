// The generator's own behaviour: what it reads from a spec, and that its output is stable.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { collectAuthSchemes, collectOperations, collectServers, emitPackage, generate, loadBundledSpec, providerById, repoRoot, specPath } from "../src/index.js";

const minimalSpec = (extra = {}) => ({
  openapi: "3.1.0",
  info: { title: "Demo", version: "1" },
  servers: [
    { url: "https://global.example/api/", "x-studiokit-region": "global" },
    { url: "https://china.example/api", "x-studiokit-region": "china" },
  ],
  security: [{ keyAuth: [] }, { bearer: [] }],
  components: {
    securitySchemes: {
      keyAuth: { type: "apiKey", in: "header", name: "Authorization", "x-studiokit-prefix": "Key " },
      bearer: { type: "http", scheme: "bearer" },
    },
    schemas: {
      Thing: {
        type: "object",
        description: "An annotation the validators leave out.",
        required: ["name"],
        properties: {
          name: { type: "string", maxLength: 3, description: "Three characters at most." },
          link: { type: "string", format: "uri" },
          // A property named like an annotation keyword is a field, and is still checked.
          description: { type: "string", minLength: 2 },
        },
      },
    },
  },
  paths: {
    "/things/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      get: { operationId: "getThing", responses: { 200: { description: "ok" } } },
      delete: { operationId: "deleteThing", responses: { 204: { description: "gone" } } },
    },
    "/things": {
      post: {
        operationId: "createThing",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
        responses: { 200: { description: "ok" } },
      },
    },
    "/login": {
      post: { operationId: "login", security: [], "x-studiokit-idempotent": true, responses: { 200: { description: "ok" } } },
    },
    "/upload": {
      post: {
        operationId: "upload",
        parameters: [{ name: "folder", in: "query", required: false, schema: { type: "string" } }],
        requestBody: {
          content: { "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" }, name: { type: "string" } } } } },
        },
        responses: { 200: { description: "ok" } },
      },
    },
  },
  ...extra,
});

describe("reading a spec", () => {
  const doc = minimalSpec();
  const operations = collectOperations(doc);
  const byId = Object.fromEntries(operations.map((operation) => [operation.operationId, operation]));

  it("finds every operation with its method, path and path-level parameters", () => {
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      "GET /things/{id}",
      "DELETE /things/{id}",
      "POST /things",
      "POST /login",
      "POST /upload",
    ]);
    expect(byId.getThing.params.path.map((p) => p.name)).toEqual(["id"]);
  });

  it("marks GET and DELETE idempotent, a POST only when the spec says so", () => {
    expect(byId.getThing.idempotent).toBe(true);
    expect(byId.deleteThing.idempotent).toBe(true);
    expect(byId.createThing.idempotent).toBe(false);
    expect(byId.login.idempotent).toBe(true);
    expect(byId.login.public).toBe(true);
  });

  it("knows the body's content type and its file fields", () => {
    expect(byId.createThing.body).toMatchObject({ contentType: "application/json", required: true, binaryFields: [] });
    expect(byId.upload.body).toMatchObject({ contentType: "multipart/form-data", required: false, binaryFields: ["file"] });
  });

  it("maps security schemes in the order of the root security", () => {
    expect(collectAuthSchemes(doc)).toEqual([
      { name: "keyAuth", scheme: { type: "header", name: "Authorization", prefix: "Key " } },
      { name: "bearer", scheme: { type: "bearer" } },
    ]);
  });

  it("refuses a security scheme the runtime cannot send", () => {
    const broken = minimalSpec();
    broken.components.securitySchemes.keyAuth = { type: "oauth2", flows: {} };
    expect(() => collectAuthSchemes(broken)).toThrow(/not supported/);
  });

  it("names servers by x-studiokit-region and drops trailing slashes", () => {
    expect(collectServers(doc)).toEqual([
      { url: "https://global.example/api", name: "global" },
      { url: "https://china.example/api", name: "china" },
    ]);
  });

  it("refuses a duplicated operationId", () => {
    const broken = minimalSpec();
    broken.paths["/things"].post.operationId = "getThing";
    expect(() => collectOperations(broken)).toThrow(/used twice/);
  });
});

describe("emitting a package", () => {
  const provider = { id: "demo", name: "Demo", clientName: "Demo", mockPort: 4999 };

  it("emits a client with region and authScheme options read from the spec", async () => {
    const files = await emitPackage(provider, minimalSpec());
    expect(files["src/client.ts"]).toContain('authScheme?: "keyAuth" | "bearer";');
    expect(files["src/client.ts"]).toContain('region?: "global" | "china";');
    expect(files["src/operations.ts"]).toContain('"POST /login": { operationId: "login", method: "POST", path: "/login", idempotent: true, public: true }');
    expect(files["README.md"]).toContain("| `createThing` | POST | `/things` |");
  });

  it("compiles validators that name the failing field", async () => {
    const files = await emitPackage(provider, minimalSpec());
    // The module imports its format checks from the runtime: point that import at the runtime's source.
    const formats = join(repoRoot, "packages", "runtime", "src", "formats.ts");
    expect(files["src/validators.js"]).toContain('from "@studiokit/runtime/formats"');
    const file = join(mkdtempSync(join(tmpdir(), "codegen-validators-")), "validators.js");
    writeFileSync(file, files["src/validators.js"].replace('"@studiokit/runtime/formats"', JSON.stringify(formats)));
    const module = await import(pathToFileURL(file).href);
    expect(module.createThing_body({ name: "abc" })).toBe(true);
    expect(module.createThing_body({ name: "abcd" })).toBe(false);
    expect(module.createThing_body.errors[0]).toMatchObject({ instancePath: "/name", keyword: "maxLength" });
    expect(module.getThing_path({})).toBe(false);
    expect(module.createThing_body({ name: "abc", link: "https://example.com/a" })).toBe(true);
    expect(module.createThing_body({ name: "abc", link: "not a uri" })).toBe(false);
    expect(module.createThing_body.errors[0]).toMatchObject({ instancePath: "/link", keyword: "format" });
    expect(module.createThing_body({ name: "abc", description: "x" })).toBe(false);
    expect(module.createThing_body.errors[0]).toMatchObject({ instancePath: "/description", keyword: "minLength" });
    expect(files["src/validators.js"]).not.toContain("Three characters at most");
  });

  it("writes each validator function once: a component reached from several places, and validators with the same schema", async () => {
    // Person is reached from two bodies and from inside Thing; both list operations take the same
    // query parameter. Person refers to itself, so Ajv compiles it as a function (never inlined).
    const page = { name: "page", in: "query", schema: { type: "integer", minimum: 1 } };
    const person = { type: "object", required: ["name"], properties: { name: { type: "string" }, friend: { $ref: "#/components/schemas/Person" } } };
    const thing = { type: "object", properties: { owner: { $ref: "#/components/schemas/Person" } } };
    const json = (schema) => ({ required: true, content: { "application/json": { schema } } });
    const ok = { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Person" } } } } };
    const spec = {
      openapi: "3.1.0",
      info: { title: "Demo", version: "1" },
      components: { schemas: { Person: person, Thing: thing }, parameters: { Page: page } },
      paths: {
        "/people": {
          get: { operationId: "listPeople", parameters: [{ $ref: "#/components/parameters/Page" }], responses: ok },
          post: { operationId: "createPerson", requestBody: json({ $ref: "#/components/schemas/Person" }), responses: ok },
        },
        "/things": {
          get: { operationId: "listThings", parameters: [{ $ref: "#/components/parameters/Page" }], responses: ok },
          post: { operationId: "createThing", requestBody: json({ $ref: "#/components/schemas/Thing" }), responses: ok },
        },
        "/pairs": { post: { operationId: "createPair", requestBody: json({ $ref: "#/components/schemas/Person" }), responses: ok } },
      },
    };
    const files = await emitPackage(provider, spec);
    for (const file of ["src/validators.js", "src/response-validators.js"]) {
      // Person's own check of its `friend` field, written once however many places reach Person.
      expect(files[file].match(/instancePath\+"\/friend"/g), file).toHaveLength(1);
    }
    const module = await import(`data:text/javascript,${encodeURIComponent(files["src/validators.js"])}`);
    // Same schema, one function, exported under each name.
    expect(module.listThings_query).toBe(module.listPeople_query);
    expect(module.createPair_body).toBe(module.createPerson_body);
    expect(module.listThings_query({ page: 0 })).toBe(false);
    expect(module.listThings_query.errors[0]).toMatchObject({ instancePath: "/page", keyword: "minimum" });
    // Errors still name the field where it is, whichever validator reached the shared function.
    expect(module.createPerson_body({ name: "a", friend: { name: 5 } })).toBe(false);
    expect(module.createPerson_body.errors[0]).toMatchObject({ instancePath: "/friend/name", keyword: "type" });
    expect(module.createThing_body({ owner: { name: "a", friend: {} } })).toBe(false);
    expect(module.createThing_body.errors[0]).toMatchObject({ instancePath: "/owner/friend", keyword: "required", params: { missingProperty: "name" } });
    expect(module.createThing_body({ owner: { name: "a", friend: { name: "b" } } })).toBe(true);
    const responses = await import(`data:text/javascript,${encodeURIComponent(files["src/response-validators.js"])}`);
    expect(Object.keys(responses.responseValidators)).toEqual(["GET /people", "POST /people", "GET /things", "POST /things", "POST /pairs"]);
    expect(new Set(Object.values(responses.responseValidators)).size).toBe(1);
    expect(responses.responseValidators["POST /pairs"]({ name: "a", friend: { name: 1 } })).toBe(false);
    expect(responses.responseValidators["POST /pairs"].errors[0]).toMatchObject({ instancePath: "/friend/name" });
  });

  it("compiles response and websocket-message validators, and lists each request body's fields", async () => {
    const spec = minimalSpec({
      "x-studiokit-websockets": { things: { url: "wss://global.example/ws/{id}", message: { $ref: "#/components/schemas/Thing" } } },
    });
    spec.paths["/things/{id}"].get.responses[200] = {
      description: "ok",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
    };
    const files = await emitPackage(provider, spec);
    const module = await import(`data:text/javascript,${encodeURIComponent(files["src/response-validators.js"])}`);
    expect(module.responseValidators["GET /things/{id}"]({ name: "abc" })).toBe(true);
    expect(module.responseValidators["GET /things/{id}"]({ name: 5 })).toBe(false);
    // Operations without a JSON success body have no response validator.
    expect(Object.keys(module.responseValidators)).toEqual(["GET /things/{id}"]);
    expect(module.messageValidators.things({})).toBe(false);
    expect(files["src/request-fields.ts"]).toContain('export const createThing_fields = ["name","link","description"] as const;\nexport const upload_fields = ["file","name"] as const;');
    expect(files["src/request-fields.ts"]).toContain('  "POST /things": createThing_fields,\n  "POST /upload": upload_fields,');
    expect(files["src/response-validators.d.ts"]).toContain('responseValidators: Readonly<Record<"GET /things/{id}", CompiledValidator>>');
    expect(files["src/index.ts"]).toContain('export const loadResponseValidators = () => import("./response-validators.js");');
  });

  it("emits type tests: each body example as a call, then the call with a misspelled field under @ts-expect-error", async () => {
    const spec = minimalSpec();
    // Only `name` and `settings`, so that the example holds every field.
    delete spec.components.schemas.Thing.properties.link;
    delete spec.components.schemas.Thing.properties.description;
    spec.components.schemas.Thing.properties.settings = { type: "object", properties: { size: { type: "integer" }, colour: { type: "string" } } };
    spec.paths["/things"].post.requestBody.content["application/json"].example = { name: "abc", settings: { size: 2 } };
    const text = (await emitPackage(provider, spec))["test/request-types.typecheck.ts"];
    const lines = text.split("\n");
    const valid = 'await client.POST("/things", { body: {"name":"abc","settings":{"size":2}} });';
    expect(lines).toContain(`  ${valid}`);
    // Every field is in the example, so its first one (`name`) is the one misspelled.
    const typo = lines.indexOf('  await client.POST("/things", { body: {"name":"abc","settings":{"size":2},"nmae":"abc"} });');
    expect(lines[typo - 1]).toMatch(/^  \/\/ @ts-expect-error `nmae`/);
    const nested = lines.indexOf('  await client.POST("/things", { body: {"name":"abc","settings":{"size":2,"cloour":true}} });');
    expect(lines[nested - 1]).toMatch(/^  \/\/ @ts-expect-error `settings.cloour`/);
  });

  it("writes the same bytes twice", async () => {
    const first = await emitPackage(provider, minimalSpec(), { version: "1.2.3" });
    const second = await emitPackage(provider, minimalSpec(), { version: "1.2.3" });
    expect(second).toEqual(first);
    expect(JSON.parse(first["package.json"]).version).toBe("1.2.3");
  });
});

describe("the generated packages in the repo", () => {
  it("are up to date with their specs (a second run changes nothing)", async () => {
    // Without the cache: this test is the freshness check, so it regenerates every package.
    const report = await generate([], { check: true, cache: false });
    expect(report.length).toBeGreaterThan(0);
    expect(report.filter((entry) => entry.changed.length > 0)).toEqual([]);
  }, 120_000);

  it("reads the Influencer Studio spec's 15 operations", async () => {
    const doc = await loadBundledSpec(specPath(providerById("influencer-studio").id));
    expect(collectOperations(doc)).toHaveLength(15);
  });
});
