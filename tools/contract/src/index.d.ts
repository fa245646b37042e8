// Types of the contract suite, for the TypeScript test files of the generated packages.
export interface ContractSuiteOptions {
  /** Provider id, as in specs/providers.json. */
  provider: string;
  /** The generated client factory, e.g. createInfluencerStudioClient. */
  createClient: (options: any) => any;
  /** Extra client options for every call. */
  clientOptions?: Record<string, unknown>;
  /** operationId -> why Prism cannot serve it (it must then be tested against a scripted server). */
  skip?: Record<string, string>;
}

export declare const TEST_API_KEY: string;
export declare function contractSuite(options: ContractSuiteOptions): Promise<{ doc: Record<string, any>; operations: any[] }>;
export declare function validRequest(doc: Record<string, any>, operation: any): { params: Record<string, any>; body?: unknown };
export declare function invalidBodies(doc: Record<string, any>, operation: any, validBody: unknown): { description: string; field: string; body: unknown; prismSees?: false }[];
export declare function successResponse(doc: Record<string, any>, operation: any): { status: number; schemaPointer?: string } | undefined;
export declare function sampleFromSchema(doc: Record<string, any>, schema: unknown): unknown;
export declare function exampleOf(node: unknown): unknown;
