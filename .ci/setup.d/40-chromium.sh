#!/usr/bin/env bash
# Debian's Chromium for the registry web UI browser tests (playwright-core drives it; nothing is downloaded).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
chromium --version
