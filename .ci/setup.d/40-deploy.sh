#!/usr/bin/env bash
# Deploy area: shellcheck lints scripts/deploy, scripts/docker and scripts/ci
# (test/deploy/vps-scripts.test.ts). The Docker smoke test is not part of
# .ci/run; it runs as `npm run test:docker` (see docs/deploy.md).
set -euo pipefail
if ! command -v shellcheck >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
fi
