/** Runs the built `studiokit` executable as a user would: a child process, piped or on a pseudo-terminal. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** An environment with no keys and no config file of the person running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), "studiokit-cli-home-"));
  const keep = ["PATH", "SystemRoot", "TMPDIR", "TEMP", "TMP"];
  return {
    ...Object.fromEntries(keep.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : []))),
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    NODE_NO_WARNINGS: "1",
    ...extra,
  };
}

export function start(args: string[], env: Record<string, string>, input?: string): { child: ChildProcess; done: Promise<Run>; stderrSoFar: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  if (input !== undefined) child.stdin!.end(input);
  else child.stdin!.end();
  const done = new Promise<Run>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stderrSoFar: () => stderr };
}

export function run(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return start(args, env, input).done;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Runs on a pseudo-terminal through util-linux `script` (no native module: install scripts are off),
 * so that stdout and stderr are TTYs. Everything the terminal showed comes back as `stdout`.
 */
export function startOnTerminal(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<Run>; screenSoFar: () => string } {
  const command = [process.execPath, bin, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], { env: { ...env, COLUMNS: "120", LINES: "40", TERM: "xterm" }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin!.end();
  const done = new Promise<Run>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, screenSoFar: () => stdout };
}

export function runOnTerminal(args: string[], env: Record<string, string>): Promise<Run> {
  return startOnTerminal(args, env).done;
}

/** Resolves once `predicate` holds for the text seen so far (polled; the test's own timeout bounds it). */
export async function until(predicate: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 50));
}
