#!/usr/bin/env bash
# Run the workspace project's own checks, picked from the files present.
# Usage: run-checks.sh [project-dir]   (default: the current directory)
set -euo pipefail

dir="${1:-.}"
cd "$dir"

run() {
  echo "+ $*"
  set +e
  "$@"
  local code=$?
  set -e
  echo "exit code: $code"
  return "$code"
}

if [ -f package.json ]; then
  if grep -q '"test"[[:space:]]*:' package.json; then
    run npm test --silent
  else
    echo "package.json has no test script"
  fi
elif [ -f pyproject.toml ] || [ -f setup.py ] || [ -d tests ]; then
  run python3 -m pytest -q
elif [ -f Makefile ] && grep -q '^test:' Makefile; then
  run make test
elif ls ./*.sh >/dev/null 2>&1; then
  for f in ./*.sh; do
    run bash -n "$f"
  done
else
  echo "no known project type: nothing to run"
fi
