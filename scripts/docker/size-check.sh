#!/usr/bin/env bash
# Fails when a built image is over its size budget.
#
#   scripts/docker/size-check.sh IMAGE [--budget-mb N] [--compressed-budget-mb N] [--json]
#
# Two numbers are checked:
#   - uncompressed: what `docker image inspect` reports, i.e. disk on the host;
#   - compressed:   `docker save | gzip -6` size, close to what a registry stores
#                   and what a pull transfers.
# Budgets (MB = 10^6 bytes, like `docker images`) default to WEFT_IMAGE_BUDGET_MB
# and WEFT_IMAGE_COMPRESSED_BUDGET_MB, else 300 and 110. The official
# node:24-bookworm-slim base alone is ~230 MB / ~75 MB compressed, so the budget
# leaves ~70 MB (uncompressed) for clawft, its production deps and bubblewrap.
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

image=""
budget="${WEFT_IMAGE_BUDGET_MB:-300}"
cbudget="${WEFT_IMAGE_COMPRESSED_BUDGET_MB:-110}"
json=0
while [ $# -gt 0 ]; do
  case "$1" in
    --budget-mb) budget="$2"; shift 2 ;;
    --compressed-budget-mb) cbudget="$2"; shift 2 ;;
    --json) json=1; shift ;;
    -h|--help) usage ;;
    -*) echo "size-check: unknown option $1" >&2; usage ;;
    *) image="$1"; shift ;;
  esac
done
[ -n "$image" ] || usage

bytes=$(docker image inspect --format '{{.Size}}' "$image")
cbytes=$(docker save "$image" | gzip -6 -c | wc -c)
mb=$(( (bytes + 500000) / 1000000 ))
cmb=$(( (cbytes + 500000) / 1000000 ))

status=ok
[ "$mb" -le "$budget" ] || status=over
[ "$cmb" -le "$cbudget" ] || status=over

if [ "$json" = 1 ]; then
  printf '{"image":"%s","bytes":%s,"mb":%s,"budgetMb":%s,"compressedBytes":%s,"compressedMb":%s,"compressedBudgetMb":%s,"status":"%s"}\n' \
    "$image" "$bytes" "$mb" "$budget" "$cbytes" "$cmb" "$cbudget" "$status"
else
  echo "image        $image"
  echo "uncompressed ${mb} MB (budget ${budget} MB)"
  echo "compressed   ${cmb} MB (budget ${cbudget} MB, docker save | gzip -6)"
fi
if [ "$status" != ok ]; then
  echo "size-check: $image is over budget" >&2
  exit 1
fi
