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

// A reader that goes away (`studiokit --help | head`, a pager quit early) makes the next write fail
// with EPIPE, which Node raises as an unhandled 'error' event: a stack trace, and an exit in the
// middle of whatever was running. What could not be printed is lost either way; the command itself
// goes on, so that a paid job still ends and its --out downloads still land.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal });
process.exitCode = code;
// The MCP server keeps running on its own; everything else is done.
