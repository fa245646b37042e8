#!/usr/bin/env node
// The `studiokit` executable: runs the CLI with this process's streams, and turns Ctrl-C into a
// clean cancel (requests and waits abort, partial downloads are removed, exit 130). A second
// Ctrl-C exits at once.
import { exitCodes } from "./errors.js";
import { runCli } from "./program.js";

const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(exitCodes.canceled);
  controller.abort();
});

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal });
process.exitCode = code;
// The MCP server keeps running on its own; everything else is done.
