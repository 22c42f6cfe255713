#!/usr/bin/env bash
# Updates the clawft service installed by vps-setup.sh to a new image, and rolls
# back to the previous image (by its exact ID) when the new one fails health.
#
#   sudo scripts/deploy/vps-update.sh [--image REF | --image-tar FILE] [--dry-run]
#
# Steps: pull (or load), compare image IDs (same ID: nothing to do), record the
# current ID as the rollback target (tag clawft:rollback so prune keeps it),
# point image.env at the new ID, restart, wait for /health; on failure restore
# the old ID, restart, wait again, and exit 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/deploy/common.sh
. "$here/common.sh"

image_ref=""
image_tar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image_ref=$2; shift 2 ;;
    --image-tar) image_tar=$2; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

log "step 1/5: check platform and current install"
check_platform
require_root
prev_id=""
prev_ref=""
if [ -r "$IMAGE_ENV" ]; then
  prev_id=$(sed -n 's/^WEFT_IMAGE=//p' "$IMAGE_ENV")
  prev_ref=$(sed -n 's/^WEFT_IMAGE_REF=//p' "$IMAGE_ENV")
elif [ "$DRY_RUN" = 1 ]; then
  prev_id="sha256:<current id from $IMAGE_ENV>"
  prev_ref="ghcr.io/clawft/clawft:latest"
else
  die "$IMAGE_ENV not found; run vps-setup.sh first"
fi
image_ref=${image_ref:-$prev_ref}
log "current image $prev_ref = $prev_id"

log "step 2/5: fetch new image"
fetch_image "$image_ref" "$image_tar"
new_id=$(image_id "$image_ref")
if [ "$new_id" = "$prev_id" ]; then
  log "already running $image_ref ($new_id); nothing to do"
  exit 0
fi
log "new image $image_ref = $new_id"

log "step 3/5: keep rollback target"
run docker tag "$prev_id" "$SERVICE:rollback"

log "step 4/5: switch and restart"
printf 'WEFT_IMAGE=%s\nWEFT_IMAGE_REF=%s\n' "$new_id" "$image_ref" | write_file "$IMAGE_ENV" 0644 || true
run systemctl restart "$SERVICE"

log "step 5/5: health"
if [ "$DRY_RUN" = 1 ]; then
  printf '+ on health failure: write %s back to WEFT_IMAGE=%s, systemctl restart %s, wait again, exit 1\n' \
    "$IMAGE_ENV" "$prev_id" "$SERVICE"
fi
if wait_healthy; then
  log "updated to $image_ref ($new_id)"
  exit 0
fi
log "new image failed health; rolling back to $prev_id"
printf 'WEFT_IMAGE=%s\nWEFT_IMAGE_REF=%s\n' "$prev_id" "$prev_ref" | write_file "$IMAGE_ENV" 0644 || true
run systemctl restart "$SERVICE"
wait_healthy || die "rollback to $prev_id is not healthy either; see: journalctl -u $SERVICE"
die "update to $image_ref failed health; rolled back to $prev_id"
