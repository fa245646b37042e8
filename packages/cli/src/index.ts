/**
 * @studiokit/cli as a library: run the CLI in-process, or start the MCP server from your own code.
 */
export { runCli, parseHandle, publicStatus, type CliIo } from "./program.js";
export { exitCodes, exitCodeOf, CliError } from "./errors.js";
export { Settings, type SettingsInput } from "./settings.js";
export { createMcpServer, type McpServerOptions } from "./mcp/server.js";
export { runMcp, type RunMcpOptions } from "./mcp/run.js";
