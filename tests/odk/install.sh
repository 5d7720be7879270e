#!/usr/bin/env bash
# Install the Node side of the ODK differential-testing harness
# (@getodk/xforms-engine + jsdom, exact versions from package-lock.json).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1; then
    echo "install.sh: node is not on PATH (Node.js >= 20.19 needed)" >&2
    exit 1
fi
npm ci --no-audit --no-fund
