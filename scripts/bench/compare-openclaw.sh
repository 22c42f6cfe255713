#!/bin/sh
# Side-by-side benchmark of weft against the pinned OpenClaw release, in one run.
# Installs openclaw@$(cat bench/openclaw-version.txt) and node@24 (OpenClaw needs
# Node >= 24.16) into $CLAWFT_BENCH_CACHE (default /var/cache/clawft-bench), outside
# the repo, once; then runs every suite with OpenClaw as a second subject.
# OpenClaw runs with a private HOME, DO_NOT_TRACK=1, OPENCLAW_DISABLE_BONJOUR=1 and
# OPENCLAW_SKIP_CHANNELS=1; its model provider is a scripted server on 127.0.0.1.
# Output: bench/results/compare-openclaw.md and bench/results/<date>-<sha>.{json,md}.
# Knobs: BENCH_RUNS (default 20), BENCH_SLOW_RUNS (OpenClaw's slow commands),
#        BENCH_MEMORY_RUNS (5), BENCH_LOAD_REQUESTS (2000), BENCH_LOAD_SECONDS (20).
set -eu
cd "$(dirname "$0")/../.."
export BENCH_OPENCLAW=1
exec node bench/run.mjs --openclaw "$@"
