# shellcheck shell=bash
# Shared by vps-setup.sh and vps-update.sh. Sourced, never run.
#
# shellcheck disable=SC2034 # the variables below are used by the sourcing scripts
# Every state change goes through `run` or `write_file`, so `--dry-run` prints
# the exact plan ("+ command" lines) and changes nothing.

DRY_RUN=${DRY_RUN:-0}
SERVICE=${WEFT_SERVICE:-clawft}
CONF_DIR=${WEFT_CONF_DIR:-/etc/clawft}
DATA_DIR=${WEFT_DATA_DIR:-/var/lib/clawft}
UNIT_FILE=${WEFT_UNIT_FILE:-/etc/systemd/system/${SERVICE}.service}
IMAGE_ENV="$CONF_DIR/image.env"
HEALTH_TIMEOUT=${WEFT_HEALTH_TIMEOUT:-60}

log() { printf '== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

run() {
  if [ "$DRY_RUN" = 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi
}

# write_file PATH MODE < content. Idempotent: unchanged content is not rewritten.
# Returns 0 when the file changed (or would change), 1 when it was already so.
write_file() {
  local path=$1 mode=$2 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
    log "unchanged $path"
    return 1
  fi
  if [ "$DRY_RUN" = 1 ]; then
    printf '+ write %s (mode %s)\n' "$path" "$mode"
    sed 's/^/    | /' "$tmp"
    rm -f "$tmp"
  else
    install -D -m "$mode" "$tmp" "$path"
    rm -f "$tmp"
    log "wrote $path"
  fi
  return 0
}

# check_platform: Debian/Ubuntu on x86_64 or aarch64 (what docker.io and the
# multi-arch image cover). WEFT_OS_RELEASE points at another os-release file.
check_platform() {
  local osr=${WEFT_OS_RELEASE:-/etc/os-release} id="" like="" arch
  [ -r "$osr" ] || die "cannot read $osr"
  # shellcheck disable=SC1090
  id=$(. "$osr" && echo "${ID:-}")
  # shellcheck disable=SC1090
  like=$(. "$osr" && echo "${ID_LIKE:-}")
  case "$id $like" in
    *debian*|*ubuntu*) ;;
    *) die "unsupported OS '$id' (need Debian or Ubuntu)" ;;
  esac
  arch=${WEFT_ARCH:-$(uname -m)}
  case "$arch" in
    x86_64|amd64|aarch64|arm64) ;;
    *) die "unsupported architecture '$arch' (need x86_64 or aarch64)" ;;
  esac
  log "platform ok: $id on $arch"
}

require_root() {
  [ "$DRY_RUN" = 1 ] || [ "$(id -u)" = 0 ] || die "run as root (or with --dry-run)"
}

# fetch_image REF|"" TAR|"": docker load or docker pull; prints nothing.
fetch_image() {
  local ref=$1 tar=$2
  if [ -n "$tar" ]; then
    [ "$DRY_RUN" = 1 ] || [ -r "$tar" ] || die "cannot read image archive $tar"
    run docker load -i "$tar"
  else
    run docker pull "$ref"
  fi
}

# image_id REF: the local image ID (sha256:...), which pins the exact image.
image_id() {
  if [ "$DRY_RUN" = 1 ]; then echo "sha256:<id of $1>"; return; fi
  docker image inspect --format '{{.Id}}' "$1"
}

# wait_healthy: polls /health inside the container with Node's fetch (the image
# has no curl), up to HEALTH_TIMEOUT seconds.
wait_healthy() {
  local i
  if [ "$DRY_RUN" = 1 ]; then
    printf '+ wait up to %ss for http://127.0.0.1:8080/health in container %s\n' "$HEALTH_TIMEOUT" "$SERVICE"
    return 0
  fi
  for ((i = 0; i < HEALTH_TIMEOUT; i++)); do
    if docker exec "$SERVICE" node -e \
      "fetch('http://127.0.0.1:8080/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then
      log "healthy after ${i}s"
      return 0
    fi
    sleep 1
  done
  return 1
}
