// Types of the mock runner, for the TypeScript tests that start Prism mocks.
export interface RunningMock {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  pid: number | undefined;
  /** Stops the Prism child and waits until it has exited (its port is free again). */
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  host?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export declare class PortInUseError extends Error {
  readonly port: number;
  readonly variable: string | undefined;
}

/** Starts the Prism mock of one provider (on a free port unless `port` is given). */
export declare function startProviderMock(id: string, options?: StartOptions): Promise<RunningMock>;
export declare function startPrism(options: StartOptions & { spec: string; port: number; name?: string }): Promise<RunningMock>;
export declare function freePort(host?: string): Promise<number>;
export declare function isPortFree(port: number, host?: string): Promise<boolean>;
export declare const providers: { id: string; name: string; clientName: string; mockPort: number }[];
export declare function providerById(id: string): { id: string; name: string; clientName: string; mockPort: number };
export declare function specPath(id: string): string;
export declare function packageDir(id: string): string;
export declare const repoRoot: string;
