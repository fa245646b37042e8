/**
 * The shape of a provider package's generated operation catalog (`@studiokit/<provider>/catalog`):
 * what an interface built from the spec at run time needs — the CLI's `call` command and the MCP
 * server's raw tools. Types only; the data is generated per provider.
 */

/** A JSON Schema (2020-12) with every `$ref` inlined. */
export type JsonSchema = { [keyword: string]: unknown };

export interface CatalogParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface CatalogOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  idempotent: boolean;
  /** The spec's `x-evidence` when the operation did not come from the source document alone. */
  evidence?: string;
  parameters: CatalogParameter[];
  body?: {
    contentType: string;
    required: boolean;
    /** Multipart fields that carry files. */
    binaryFields?: string[];
    schema: JsonSchema;
  };
}

export interface ProviderCatalog {
  provider: string;
  name: string;
  title: string;
  /** The environment variable the studiokit CLI and MCP server read the key from. */
  apiKeyEnv: string;
  /** Where the provider also signs in with credentials: the login operation, and each field's environment variable. */
  login?: { operationId: string; fields: Record<string, string> };
  /** The fixed local port of this provider's mock or sandbox (`pnpm start`). */
  mockPort: number;
  /** `mockPort` relative to `STUDIOKIT_PORT_BASE`, which moves every local port at once. */
  mockPortOffset: number;
  operations: CatalogOperation[];
}
