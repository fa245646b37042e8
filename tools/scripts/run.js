// Runs a command with telemetry off (Redocly, Turbo) and exits with its status.
// Usage: node tools/scripts/run.js <command> [args…]   (the command is looked up in node_modules/.bin)
import { spawnSync } from "node:child_process";
import { noTelemetryEnv } from "./env.js";

const [command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, { stdio: "inherit", env: noTelemetryEnv(), shell: false });
if (result.error) {
  console.error(`${command}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
