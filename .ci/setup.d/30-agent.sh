#!/usr/bin/env bash
# The MVP skills' scripts (web-search, file-management) run python3 inside the sandbox, which sees only
# system dirs: Debian's /usr/bin/python3 must exist (a pyenv/user install is not visible there).
set -euo pipefail
if [ "$(id -u)" = 0 ] && [ ! -x /usr/bin/python3 ]; then
  apt-get install -y -qq --no-install-recommends python3 >/dev/null
fi
test -x /usr/bin/python3
