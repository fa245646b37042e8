// Types of the sandbox, for the tests and tools that start it.
export interface SandboxOptions {
  /** Provider ids to serve (default: every provider with a spec). */
  providers?: string[];
  /** Fixed ports by provider id (default: free ports). */
  ports?: Record<string, number>;
  host?: string;
  /** Clock speed (default 1). */
  speed?: number;
  /** Start with the clock stopped. */
  paused?: boolean;
  /** How long a job takes on the sandbox clock, in seconds (default 3). */
  jobSeconds?: number;
  /** Jobs take the provider's estimate (`estimated_time`) instead. */
  useEstimates?: boolean;
  /** Keep state in this file across restarts. */
  stateFile?: string;
  rateLimitPerMinute?: number;
  /** How long a `timeout` fault holds the call before closing the socket (default 120 000 ms). */
  timeoutFaultMs?: number;
  webhookRetryDelayMs?: number;
  webhookMaxAttempts?: number;
  /** Deliver webhooks to any host, not only local ones. */
  webhooksAnywhere?: boolean;
  /** Rewrites an answer before the contract check (to test the check itself). */
  transformResponse?: (answer: { provider: string; operation: string; status: number; contentType?: string; body: unknown }) => unknown;
  log?: (line: string) => void;
}

export interface ContractViolation {
  provider: string;
  operation: string;
  direction: "response" | "websocket" | "webhook";
  status?: number;
  problems: string[];
}

export interface WebhookDelivery {
  provider: string;
  jobId: string;
  url: string;
  payload: unknown;
  attempts: { at: string; status?: number; error?: string }[];
  delivered: boolean;
  skipped?: string;
}

export interface RunningSandbox {
  clock: { now(): number; advance(ms: number): void; pause(): void; resume(): void; setSpeed(speed: number): void; readonly speed: number; readonly paused: boolean };
  violations: ContractViolation[];
  rejections: { provider: string; operation: string; problems: string[] }[];
  webhooks: WebhookDelivery[];
  providers: Record<string, { id: string; name: string; clientName: string; url: string; port: number }>;
  /** Base URL of one provider. */
  url(id: string): string;
  stop(): Promise<void>;
}

export declare function startSandbox(options?: SandboxOptions): Promise<RunningSandbox>;
export declare const FAULT_HEADER: "x-studiokit-fault";
export declare const VIOLATION_HEADER: "x-studiokit-contract-violation";
export declare const MEDIA: Record<"image" | "video" | "audio" | "model3d", { type: string; extension: string }>;
export declare function makeMedia(kind: string, seed: string): Buffer;
export declare function makePng(colour: [number, number, number], width?: number, height?: number): Buffer;
export declare function makeMp4(colour: [number, number, number], widthMbs?: number, heightMbs?: number): Buffer;
export declare function readRegistry(): { providers: { id: string; name: string; clientName: string; mockPort: number }[]; docsPort: number };
