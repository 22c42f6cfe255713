#!/usr/bin/env bash
# Benchmarks read peak RSS with GNU time (wait4 max RSS); test/bench/rss.test.ts uses it.
set -euo pipefail
if [ -x /usr/bin/time ]; then exit 0; fi
apt-get install -y -qq --no-install-recommends time >/dev/null
