// Types of the generator's programmatic API, for TypeScript tests and tools.
export interface Provider {
  id: string;
  name: string;
  clientName: string;
  mockPort: number;
}

export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  tag: string;
  idempotent: boolean;
  public: boolean;
  timeoutMs: number | undefined;
  body: { contentType: string; required: boolean; schemaPointer: string; binaryFields: string[] } | undefined;
  params: Record<"path" | "query" | "header", { name: string; required: boolean; schemaPointer: string }[]>;
  evidence: string | undefined;
  login: { scheme: string; token: string; fields: string[]; secretFields: string[] } | undefined;
}

export interface CompiledSchemaValidator {
  (data: unknown): boolean;
  errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null;
}

export interface AjvLike {
  addSchema(schema: unknown, key?: string, meta?: unknown, validateSchema?: boolean): unknown;
  compile(schema: unknown): CompiledSchemaValidator;
}

export declare function generate(
  ids?: string[],
  options?: { check?: boolean; cache?: boolean; cacheDir?: string },
): Promise<{ provider: string; changed: string[]; cached: boolean }[]>;
export declare function emitPackage(provider: Provider, doc: Record<string, any>, existing?: { version?: string }): Promise<Record<string, string>>;
export declare function collectOperations(doc: Record<string, any>): OperationInfo[];
export declare function collectAuthSchemes(doc: Record<string, any>): { name: string; scheme: { type: "bearer" } | { type: "header"; name: string; prefix?: string } }[];
export declare function collectServers(doc: Record<string, any>): { url: string; description?: string; name?: string }[];
export declare function compileValidators(doc: Record<string, any>, operations: OperationInfo[]): Record<string, CompiledSchemaValidator>;
export declare function createAjv(options?: Record<string, unknown>): AjvLike;
export declare function responseValidatorSchemas(
  doc: Record<string, any>,
  operations: OperationInfo[],
): { responses: Record<string, { name: string; schema: object }>; messages: Record<string, { name: string; schema: object }> };
export declare function validatorName(operationId: string, part: "body" | "query" | "path"): string;
export declare function loadBundledSpec(path: string): Promise<Record<string, any>>;
export declare function deref(doc: Record<string, any>, node: unknown, pointer: string): { value: any; pointer: string };
export declare function resolvePointer(doc: Record<string, any>, ref: string): any;
export declare const providers: Provider[];
export declare function providerById(id: string): Provider;
export declare function specPath(id: string): string;
export declare function packageDir(id: string): string;
export declare const repoRoot: string;
export declare const docsPort: number;
/** The quick-start call of a client (README, docs portal), with the operation's required parameters. */
export declare function quickStartCall(doc: Record<string, any>, operations: OperationInfo[], clientName?: string): { operation: OperationInfo; call: string } | undefined;
export declare function requiredParams(doc: Record<string, any>, operation: OperationInfo): { path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined;
export declare function objectLiteral(value: unknown): string;
