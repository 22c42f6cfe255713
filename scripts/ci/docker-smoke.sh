#!/usr/bin/env bash
# Builds the real Dockerfile on a machine that reaches no image registry, then
# runs the image: size budget, non-root, /health and the Docker HEALTHCHECK, the
# sandbox inside the container, and the hub. Tears everything down at the end.
#
#   scripts/ci/docker-smoke.sh [--keep-image] [--image IMAGE]
#
# --image IMAGE tests an image that is already built (CI on GitHub builds it
# with buildx from the official bases) and skips the stand-in base and build.
#
# What it needs: root (or a running Docker daemon), Debian's docker.io and
# debootstrap (installed when missing and root), the npm registry.
# Base images: official node images cannot be pulled here, so it builds a local
# stand-in (debootstrap --variant=minbase bookworm + the Node 24 binary from the
# npm registry's node-linux-<arch> package + npm) and passes it through the
# NODE_IMAGE / RUNTIME_IMAGE build args. The rootfs and tarballs are cached in
# WEFT_SMOKE_CACHE (default /var/cache/clawft-docker-smoke), outside the repo.
#
# Env: WEFT_SMOKE_CACHE, WEFT_SMOKE_NODE_MAJOR (24), WEFT_DOCKER_NPM_INSTALL
# (ci|install; auto-detected), WEFT_IMAGE_BUDGET_MB, WEFT_IMAGE_COMPRESSED_BUDGET_MB.
set -euo pipefail

cd "$(dirname "$0")/../.."
repo=$(pwd)
keep_image=0
prebuilt=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-image) keep_image=1; shift ;;
    --image) prebuilt=$2; keep_image=1; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "docker-smoke: unknown argument $1" >&2; exit 2 ;;
  esac
done

cache="${WEFT_SMOKE_CACHE:-/var/cache/clawft-docker-smoke}"
node_major="${WEFT_SMOKE_NODE_MAJOR:-24}"
base_image="clawft-local/node:${node_major}-bookworm-slim"
image="${prebuilt:-clawft:smoke}"
net="clawft-smoke-net"
gw="clawft-smoke-gateway"
hub="clawft-smoke-hub"
hubvol="clawft-smoke-hub-data"
work=$(mktemp -d /tmp/clawft-docker-smoke.XXXXXX)
dockerd_pid=""
t0=$(date +%s)
failures=0

log() { printf '== [%4ss] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }
warn() { printf '!! %s\n' "$*" >&2; }
die() { warn "$*"; exit 1; }
loud() {
  printf '\n%s\n' "################################################################################" >&2
  printf '## %s\n' "$@" >&2
  printf '%s\n\n' "################################################################################" >&2
}

case "$(uname -m)" in
  x86_64) node_arch=x64 ;;
  aarch64) node_arch=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

# ---- tools -------------------------------------------------------------------
need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
[ -n "$prebuilt" ] || command -v debootstrap >/dev/null 2>&1 || need_pkgs+=(debootstrap)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need_pkgs[*]}; run as root or install them"
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# Docker's CLI >= 23 only builds with BuildKit through the buildx plugin, which
# bookworm does not package; Debian's own 20.10 CLI talks to dockerd's built-in
# BuildKit directly. Prefer a CLI with buildx, else Debian's.
if [ -n "${DOCKER:-}" ]; then :
elif docker buildx version >/dev/null 2>&1; then DOCKER=docker
elif [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker
else DOCKER=docker
fi
export DOCKER_BUILDKIT=1

cleanup() {
  local rc=$?
  set +e
  log "teardown"
  "$DOCKER" rm -f "$gw" "$hub" >/dev/null 2>&1
  "$DOCKER" volume rm -f "$hubvol" >/dev/null 2>&1
  "$DOCKER" network rm "$net" >/dev/null 2>&1
  [ "$keep_image" = 1 ] || "$DOCKER" image rm -f "$image" >/dev/null 2>&1
  if [ -n "$dockerd_pid" ]; then
    log "stopping dockerd (pid $dockerd_pid, started by this script)"
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -rf "$work"
  log "finished rc=$rc in $(( $(date +%s) - t0 ))s"
  exit "$rc"
}
trap cleanup EXIT

# ---- dockerd -------------------------------------------------------------------
if "$DOCKER" info >/dev/null 2>&1; then
  log "dockerd already running; using it and leaving it running"
else
  [ "$(id -u)" = 0 ] || die "dockerd is not running and only root can start it"
  log "starting dockerd"
  dockerd >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 1; done
  "$DOCKER" info >/dev/null 2>&1 || { tail -20 "$work/dockerd.log" >&2; die "dockerd did not come up"; }
fi

if [ -z "$prebuilt" ]; then
# ---- stand-in base image -------------------------------------------------------
mkdir -p "$cache"
latest() { # PKG-SPEC: highest published version matching it
  npm view "$1" version --json 2>/dev/null | node -e '
    let v = JSON.parse(require("fs").readFileSync(0, "utf8"));
    v = [].concat(v).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    console.log(v.at(-1) ?? "");'
}
node_version=$(latest "node-linux-${node_arch}@${node_major}")
[ -n "$node_version" ] || die "could not resolve node-linux-${node_arch}@${node_major} on the npm registry"
npm_version=$(latest "npm@11")
[ -n "$npm_version" ] || die "could not resolve npm@11 on the npm registry"
stamp="bookworm-minbase-slim2 node-${node_version} npm-${npm_version}"
current=$("$DOCKER" image inspect --format '{{ index .Config.Labels "org.clawft.standin" }}' "$base_image" 2>/dev/null || true)
if [ "$current" = "$stamp" ]; then
  log "stand-in base $base_image is current ($stamp)"
else
  rootfs_tar="$cache/bookworm-minbase.tar"
  if [ ! -s "$rootfs_tar" ]; then
    log "debootstrap --variant=minbase bookworm (cached afterwards in $cache)"
    rm -rf "$cache/rootfs.tmp"
    debootstrap --variant=minbase bookworm "$cache/rootfs.tmp" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
    # Match Debian's official slim images (debuerreotype --slimify): no docs,
    # man pages or locales, now or in later apt installs; no apt caches or lists.
    r="$cache/rootfs.tmp"
    mkdir -p "$r/etc/dpkg/dpkg.cfg.d"
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
      'path-include /usr/share/locale/locale.alias' 'path-exclude /usr/share/lintian/*' \
      >"$r/etc/dpkg/dpkg.cfg.d/docker"
    find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$r/usr/share/man/"* "$r/usr/share/info/"* "$r/usr/share/lintian" \
      "$r/var/cache/apt/"* "$r/var/lib/apt/lists/"* "$r/var/log/"*.log
    find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
    tar -C "$cache/rootfs.tmp" -cf "$rootfs_tar.part" . && mv "$rootfs_tar.part" "$rootfs_tar"
    rm -rf "$cache/rootfs.tmp"
  fi
  for pkg in "node-linux-${node_arch}@${node_version}" "npm@${npm_version}"; do
    file="$cache/$(echo "${pkg%@*}" | sed 's/^@//; s#/#-#')-${pkg##*@}.tgz"
    [ -s "$file" ] || (cd "$cache" && npm pack "$pkg" --silent >/dev/null)
  done
  log "assembling $base_image ($stamp)"
  root="$work/rootfs"
  mkdir -p "$root"
  tar -C "$root" -xf "$rootfs_tar"
  mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$cache/node-linux-${node_arch}-${node_version}.tgz" -C "$work" package/bin/node
  install -m 0755 "$work/package/bin/node" "$root/usr/local/bin/node"
  tar -xzf "$cache/npm-${npm_version}.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # The host may reach the npm registry through a TLS-intercepting gateway whose
  # CA only the host trusts; the stand-in (never the real image) carries it.
  extra_ca=()
  if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$root/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
    extra_ca=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  fi
  tar -C "$root" -c . | "$DOCKER" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=${node_version}" \
    "${extra_ca[@]}" \
    --change "LABEL org.clawft.standin=\"${stamp}\"" \
    --change 'CMD ["node"]' \
    - "$base_image" >/dev/null
  rm -rf "$root" "$work/package"
fi
"$DOCKER" run --rm "$base_image" node -e 'console.log("stand-in node", process.version)'

# ---- build -----------------------------------------------------------------------
npm_install="${WEFT_DOCKER_NPM_INSTALL:-}"
if [ -z "$npm_install" ]; then
  npm_install=ci
  # Some registry mirrors lack optional platform packages that the lockfile
  # names (e.g. @biomejs/cli-android-*); npm ci then refuses the lockfile.
  if ! npm ci --dry-run --ignore-scripts --no-audit --no-fund >"$work/npm-ci-dry.log" 2>&1 \
    && grep -q 'in sync' "$work/npm-ci-dry.log"; then
    loud "npm ci refuses this lockfile against this registry (missing optional packages);" \
      "building with NPM_INSTALL=install (same lockfile, versions unchanged)."
    npm_install=install
  fi
fi
proxy_args=()
for v in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
  [ -n "${!v:-}" ] && proxy_args+=(--build-arg "$v=${!v}")
done
version=$(node -p 'require("./package.json").version')
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
log "docker build $image (NODE_IMAGE=RUNTIME_IMAGE=$base_image, NPM_INSTALL=$npm_install)"
build_start=$(date +%s)
# --network host: the build reaches the npm registry and Debian's mirror the
# same way the host does (its resolver, its routes).
"$DOCKER" build --network host \
  --build-arg "NODE_IMAGE=$base_image" --build-arg "RUNTIME_IMAGE=$base_image" \
  --build-arg "NPM_INSTALL=$npm_install" --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
  "${proxy_args[@]}" -t "$image" "$repo" >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; die "docker build failed"; }
log "build took $(( $(date +%s) - build_start ))s"
else
  log "testing prebuilt image $image (no stand-in base, no build)"
  version=$("$DOCKER" image inspect --format '{{ index .Config.Labels "org.opencontainers.image.version" }}' "$image")
fi

# ---- static checks -----------------------------------------------------------------
scripts/docker/size-check.sh "$image"
user=$("$DOCKER" image inspect --format '{{.Config.User}}' "$image")
[ "$user" = "10001:10001" ] || die "image user is '$user', expected 10001:10001"
for label in source version revision; do
  val=$("$DOCKER" image inspect --format "{{ index .Config.Labels \"org.opencontainers.image.$label\" }}" "$image")
  [ -n "$val" ] || die "missing OCI label org.opencontainers.image.$label"
done
[ "$("$DOCKER" run --rm "$image" --version)" = "$version" ] || die "weft --version does not print $version"
uid=$("$DOCKER" run --rm --entrypoint id "$image" -u)
[ "$uid" = 10001 ] || die "container runs as uid $uid"
for tool in gcc make npm; do
  if "$DOCKER" run --rm --entrypoint sh "$image" -c "command -v $tool" >/dev/null 2>&1; then
    die "runtime image contains $tool"
  fi
done
log "non-root (uid 10001), labels present, no gcc/make/npm in the runtime"

# commander prints the top-level help (exit 0) for an unknown command, so a
# command exists only when its own usage line comes back.
# Captured, not piped into head: under pipefail an early-closed pipe would
# fail the check through SIGPIPE.
has() {
  local out
  out=$("$DOCKER" run --rm "$image" "$@" --help 2>/dev/null) || return 1
  [[ "$out" == "Usage: weft $* "* ]]
}

# Every feature must be in the image: a missing command fails the smoke test.
has gateway || die "the image lacks weft gateway"
has hub serve || die "the image lacks weft hub serve"
has sandbox run || die "the image lacks weft sandbox run"
has_gateway=1; has_hub=1; has_sandbox=1

"$DOCKER" network create "$net" >/dev/null

http_wait() { # URL SECONDS
  node -e '
    const [url, secs] = process.argv.slice(1);
    const end = Date.now() + Number(secs) * 1000;
    (async () => {
      for (;;) {
        try { const r = await fetch(url); if (r.ok) { console.log(url, r.status); process.exit(0); } } catch {}
        if (Date.now() > end) { console.error("timed out waiting for " + url); process.exit(1); }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();' "$1" "$2"
}
health_wait() { # CONTAINER SECONDS: Docker's own HEALTHCHECK verdict
  local s
  for _ in $(seq 1 "$2"); do
    s=$("$DOCKER" inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null || echo gone)
    [ "$s" = healthy ] && { log "$1 HEALTHCHECK: healthy"; return 0; }
    # "unhealthy" can still turn healthy (a slow start outlived the start
    # period); only a vanished container ends the wait early.
    [ "$s" = gone ] && break
    sleep 1
  done
  "$DOCKER" logs "$1" 2>&1 | tail -20 >&2
  warn "$1 HEALTHCHECK: $s"
  return 1
}
port_of() { "$DOCKER" port "$1" 8080/tcp | head -1 | sed 's/.*://'; }

# ---- gateway -------------------------------------------------------------------------
if [ "$has_gateway" = 1 ]; then
  log "starting gateway (default CMD)"
  gw_start=$(date +%s%N)
  # The gateway refuses a non-loopback bind without a token (E_AUTH_REQUIRED).
  "$DOCKER" run -d --name "$gw" --network "$net" -p 127.0.0.1::8080 \
    -e "WEFT_GATEWAY_TOKEN=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" \
    --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges:true \
    --health-interval 1s --health-start-period 30s "$image" >/dev/null
  http_wait "http://127.0.0.1:$(port_of "$gw")/health" 30 || { "$DOCKER" logs "$gw" >&2; die "gateway /health did not answer"; }
  log "gateway /health answered $(( ($(date +%s%N) - gw_start) / 1000000 )) ms after docker run"
  health_wait "$gw" 40 || die "gateway container never became healthy"
else
  "$DOCKER" run --rm "$image" health || die "weft health failed in the image"
  "$DOCKER" run --rm "$image" health --json >"$work/health.json"
  log "weft health passed in the container (fallback for the missing gateway)"
  # PRE-MERGE: prove the image's HEALTHCHECK, port publishing and the deployed
  # hardening with a stand-in /health server (plain node, clearly not weft).
  "$DOCKER" run -d --name "$gw" --network "$net" -p 127.0.0.1::8080 --health-interval 1s \
    --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges:true --entrypoint node "$image" \
    -e 'require("http").createServer((q,r)=>r.writeHead(q.url==="/health"?200:404).end()).listen(8080,"0.0.0.0")' >/dev/null
  http_wait "http://127.0.0.1:$(port_of "$gw")/health" 30 || die "stand-in /health did not answer"
  health_wait "$gw" 40 || die "the image HEALTHCHECK never reported healthy (stand-in server)"
  log "image HEALTHCHECK reports healthy against a stand-in /health server (PRE-MERGE)"
fi

# ---- sandbox inside the container ----------------------------------------------------
# Docker's default seccomp profile refuses unshare(CLONE_NEWUSER) and its masked
# /proc entries stop a fresh procfs mount, so bubblewrap cannot build its
# namespaces there. The documented way to run skills in a container relaxes
# exactly those two: seccomp=unconfined (weft's own seccomp filter still applies
# to every sandboxed process) and systempaths=unconfined.
# The rest of the flags are the hardening docker-compose.yml and vps-setup.sh
# apply, so this proves the deployed configuration, not a privileged one.
relaxed=(--security-opt seccomp=unconfined --security-opt systempaths=unconfined
  --cap-drop ALL --security-opt no-new-privileges:true --read-only --tmpfs /tmp)
sandbox_try() { # LABEL DOCKER-RUN-ARGS...
  local label=$1; shift
  if [ "$has_sandbox" = 1 ]; then
    "$DOCKER" run --rm "$@" "$image" sandbox run -- true >"$work/sb.out" 2>&1
  else
    "$DOCKER" run --rm "$@" --entrypoint bwrap "$image" \
      --unshare-all --die-with-parent --new-session --cap-drop ALL --clearenv \
      --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp -- /bin/true >"$work/sb.out" 2>&1
  fi
  local rc=$?
  if [ $rc = 0 ]; then log "sandbox ($label): ok"; else log "sandbox ($label): FAILED rc=$rc: $(tr '\n' ' ' <"$work/sb.out")"; fi
  return $rc
}
set +e
sandbox_try "default docker profile"; sb_default=$?
sandbox_try "seccomp=unconfined, systempaths=unconfined, cap-drop ALL, no-new-privileges, read-only" "${relaxed[@]}"; sb_relaxed=$?
set -e
"$DOCKER" run --rm "${relaxed[@]}" "$image" health --json >"$work/health-relaxed.json" || true
node -e '
  const h = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).sandbox;
  console.log("layers in the container: bwrap=" + (h.bwrap ?? "missing") + " userns=" + h.userNamespaces +
    " landlock=" + (h.landlock.available ? "ABI " + h.landlock.abi : "unavailable") + " seccomp=" + h.seccomp +
    " cgroupV2=" + h.cgroupV2);' "$work/health-relaxed.json" || true
if [ $sb_relaxed != 0 ]; then
  warn "sandbox does not run even with the relaxed profile; see docs/deploy.md"
  failures=$((failures + 1))
fi
[ $sb_default = 0 ] || log "as documented: the default Docker seccomp profile blocks the bubblewrap layer"

# ---- hub: publish and install a skill against the containerized hub ---------------
if [ "$has_hub" = 1 ]; then
  hubdata=/home/weft/.clawft/hub
  "$DOCKER" volume create "$hubvol" >/dev/null
  # Users and tokens are created offline against the store, before serving.
  "$DOCKER" run --rm --no-healthcheck -v "$hubvol:/home/weft/.clawft" "$image" hub user add smoke --data "$hubdata" >/dev/null
  token=$("$DOCKER" run --rm --no-healthcheck -v "$hubvol:/home/weft/.clawft" "$image" \
    hub token create --user smoke --scope publish --data "$hubdata" | tail -1)
  [ -n "$token" ] || die "hub token create printed no token"
  log "starting hub (embedded store on a named volume)"
  "$DOCKER" run -d --name "$hub" --network "$net" -p 127.0.0.1::8080 -v "$hubvol:/home/weft/.clawft" \
    --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges:true \
    --health-interval 1s --health-start-period 240s "$image" hub serve --host 0.0.0.0 --port 8080 --data "$hubdata" >/dev/null
  # The embedded store (PGlite: Postgres compiled to WASM) starts slowly on a loaded 2-core host.
  http_wait "http://127.0.0.1:$(port_of "$hub")/health" 240 || { "$DOCKER" logs "$hub" >&2; die "hub /health did not answer"; }
  health_wait "$hub" 40 || die "hub container never became healthy"
  mkdir -p "$work/skill/smoke-hello"
  printf '%s\n' '---' 'name: smoke-hello' 'description: Says hello; published by the Docker smoke test.' \
    'version: 1.0.0' '---' '' '# smoke-hello' '' 'Say hello to the user.' >"$work/skill/smoke-hello/SKILL.md"
  chmod -R a+rX "$work/skill"
  # A client container on the same network: keygen, signed publish, install.
  # shellcheck disable=SC2016 # expanded by the container's shell, on purpose
  "$DOCKER" run --rm --no-healthcheck --network "$net" -v "$work/skill:/skill:ro" \
    -e "WEFT_REGISTRY=http://$hub:8080" -e "WEFT_TOKEN=$token" --entrypoint sh "$image" -c '
      set -e
      weft skill keygen
      weft skill publish /skill/smoke-hello
      mkdir -p /tmp/work && cd /tmp/work
      weft skill install smoke-hello
      test -f /tmp/work/skills/smoke-hello/SKILL.md
      test -f /tmp/work/.clawhub/lock.json' \
    || { "$DOCKER" logs "$hub" 2>&1 | tail -20 >&2; die "publish/install against the containerized hub failed"; }
  log "signed publish + install of smoke-hello through the containerized hub"
fi

[ "$failures" = 0 ] || die "$failures check(s) failed"
log "docker smoke passed"
