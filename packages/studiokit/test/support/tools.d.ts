// Types for the repo's JavaScript tool packages used by these tests (they ship no declarations).
declare module "@studiokit-tools/mocks" {
  export interface RunningMock {
    url: string;
    port: number;
    pid: number | undefined;
    stop(): Promise<void>;
  }
  export function startProviderMock(id: string, options?: { port?: number; timeoutMs?: number; log?: (line: string) => void }): Promise<RunningMock>;
}

declare module "@studiokit-tools/codegen" {
  export function loadBundledSpec(path: string): Promise<Record<string, any>>;
  export function specPath(id: string): string;
  export function createAjv(options?: Record<string, unknown>): {
    addSchema(schema: unknown, key?: string, meta?: unknown, validateSchema?: boolean): unknown;
    compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown };
  };
}
