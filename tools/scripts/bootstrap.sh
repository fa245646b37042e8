#!/usr/bin/env bash
# Installs everything studiokit needs on a fresh machine with Node.js (20.19+) and npm:
#   - pnpm 10, through npm (corepack cannot verify signatures from every registry);
#   - Chromium from Debian's packages, for the docs browser test (never a downloaded browser);
#   - the dependencies, exactly as the lockfile says (no install scripts run: see .npmrc).
# Used by the README's first command and by .ci/run, so that both install the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."

node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) { console.error(`Node.js 20.19+ is needed; this is ${process.version}`); process.exit(1); }'

if ! command -v pnpm >/dev/null 2>&1; then
  npm install --global "pnpm@10" --no-fund --no-audit
fi
echo "pnpm $(pnpm --version)"

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages (for the docs browser test)…"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing and this is not a Debian-like system: install it so that /usr/bin/chromium exists (the docs browser test needs it)." >&2
  fi
fi

started=$(date +%s)
pnpm install --frozen-lockfile
echo "dependencies installed in $(( $(date +%s) - started )) s"
