#!/usr/bin/env bash
# One-command VPS install of the clawft gateway as a systemd-managed container.
#
#   sudo scripts/deploy/vps-setup.sh [--image REF | --image-tar FILE] [--env-file FILE]
#                                    [--port N] [--bind ADDR] [--command "gateway ..."] [--dry-run]
#
# Checks OS and arch, installs Docker (Debian's docker.io) if missing, pulls the
# image (or `docker load`s an archive), writes /etc/clawft/{clawft.env,image.env},
# installs and starts clawft.service, and waits for /health. Safe to re-run:
# unchanged files are left alone and the service restarts only on a change.
# --dry-run prints every step and changes nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/deploy/common.sh
. "$here/common.sh"

image_ref=${WEFT_IMAGE:-ghcr.io/clawft/clawft:latest}
image_tar=""
env_src=""
port=8080
bind=127.0.0.1
command="gateway --host 0.0.0.0 --port 8080"
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image_ref=$2; shift 2 ;;
    --image-tar) image_tar=$2; shift 2 ;;
    --env-file) env_src=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --bind) bind=$2; shift 2 ;;
    --command) command=$2; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"

log "step 1/7: check platform"
check_platform
require_root

log "step 2/7: docker"
if command -v docker >/dev/null 2>&1 && [ "${WEFT_ASSUME_NO_DOCKER:-0}" != 1 ]; then
  log "docker already installed: $(command -v docker)"
else
  run apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io
fi
run systemctl enable --now docker
docker_bin=$(command -v docker || echo /usr/bin/docker)

log "step 3/7: image"
fetch_image "$image_ref" "$image_tar"
if [ -n "$image_tar" ] && [ "$DRY_RUN" != 1 ]; then
  # An archive names its own tag; use the first one it carries.
  image_ref=$(tar -xOf "$image_tar" manifest.json | sed -n 's/.*"RepoTags":\["\([^"]*\)".*/\1/p' | head -1)
  [ -n "$image_ref" ] || die "$image_tar carries no tag; tag it before docker save"
fi
id=$(image_id "$image_ref")
log "image $image_ref = $id"

log "step 4/7: config"
run install -d -m 0755 "$CONF_DIR"
run install -d -m 0700 -o 10001 -g 10001 "$DATA_DIR"
if [ -n "$env_src" ]; then
  write_file "$CONF_DIR/clawft.env" 0600 <"$env_src" || true
elif [ ! -f "$CONF_DIR/clawft.env" ]; then
  # The gateway refuses a non-loopback bind without a token, so mint one.
  if [ "$DRY_RUN" = 1 ]; then token="<64 random hex chars>"
  else token=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n'); fi
  write_file "$CONF_DIR/clawft.env" 0600 <<CONF || true
# Settings passed to the container (docker --env-file). See deploy/.env.example.
NODE_ENV=production
WEFT_GATEWAY_TOKEN=$token
CONF
else
  log "keeping existing $CONF_DIR/clawft.env"
fi
changed=0
printf 'WEFT_IMAGE=%s\nWEFT_IMAGE_REF=%s\n' "$id" "$image_ref" | write_file "$IMAGE_ENV" 0644 && changed=1

# The gateway runs skills under bubblewrap; see docs/deploy.md for why these two.
sandbox_opts=""
case "$command" in
  gateway*) sandbox_opts=" --security-opt seccomp=unconfined --security-opt systempaths=unconfined" ;;
esac

log "step 5/7: systemd unit"
write_file "$UNIT_FILE" 0644 <<UNIT && changed=1
[Unit]
Description=clawft ($command)
After=docker.service network-online.target
Requires=docker.service
Wants=network-online.target

[Service]
EnvironmentFile=$IMAGE_ENV
ExecStartPre=-$docker_bin rm -f $SERVICE
ExecStart=$docker_bin run --rm --name $SERVICE --env-file $CONF_DIR/clawft.env \\
  -p $bind:$port:8080 -v $DATA_DIR:/home/weft/.clawft \\
  --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges:true$sandbox_opts \\
  \${WEFT_IMAGE} $command
ExecStop=$docker_bin stop -t 20 $SERVICE
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT

log "step 6/7: start"
run systemctl daemon-reload
run systemctl enable "$SERVICE"
if [ "$changed" = 1 ]; then
  run systemctl restart "$SERVICE"
else
  run systemctl start "$SERVICE"
fi

log "step 7/7: health"
wait_healthy || die "$SERVICE did not become healthy in ${HEALTH_TIMEOUT}s; see: journalctl -u $SERVICE"
log "clawft is up on http://$bind:$port"
