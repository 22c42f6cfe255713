#!/usr/bin/env bash
# Sandbox tests need bubblewrap (namespaces) and a C compiler for native/ (Landlock + seccomp helper).
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq --no-install-recommends bubblewrap gcc make libc6-dev >/dev/null
fi
command -v bwrap >/dev/null
command -v gcc >/dev/null
