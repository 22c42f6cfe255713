# clawft container image: `weft gateway` by default, `weft hub serve` for the registry.
#
# No `# syntax=` line on purpose: that directive pulls a frontend image from a
# registry, and the local smoke test (scripts/ci/docker-smoke.sh) runs on hosts
# that reach no image registry. The BuildKit frontend built into dockerd >= 20.10
# already understands `RUN --mount=type=cache`.
#
# NODE_IMAGE builds, RUNTIME_IMAGE runs. Both default to the official Debian slim
# image (glibc, apt for bubblewrap). Distroless was rejected: it has no bubblewrap
# package and no apt to add one, and copying bwrap plus its libraries in by hand
# is fragile. Hosts without a registry pass local stand-ins (see docs/deploy.md).
ARG NODE_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=node:24-bookworm-slim

# ---- deps: full dependency tree, cached across builds -------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: the root `prepare` script builds, and src/ is not here yet.
# NPM_INSTALL=ci is the default and what CI uses; `install` exists only for
# registry mirrors that lack some optional platform packages (docs/deploy.md).
ARG NPM_INSTALL=ci
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm "${NPM_INSTALL}" --ignore-scripts --no-audit --no-fund

# ---- build: TypeScript, and the native sandbox helper when present -------------
FROM ${NODE_IMAGE} AS build
# The C toolchain exists only in this stage; the runtime never sees it.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends gcc libc6-dev make
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build \
 && chmod 0755 dist/cli/main.js \
 && if [ -f native/Makefile ]; then make -C native; fi \
 && mkdir -p native skills \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/.cache

# ---- runtime: slim, non-root, no package manager for node, no compiler ---------
FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/clawft/clawft
LABEL org.opencontainers.image.title="clawft" \
      org.opencontainers.image.description="weft: sandboxed agent skills, skill scanner, signed skill registry and agent gateway" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="Apache-2.0"

# bubblewrap is the outer sandbox layer. npm, npx, corepack and yarn are removed:
# the image runs one program and never installs packages at run time.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends bubblewrap \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
           /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* \
           /usr/local/include/node /usr/local/share/doc/node \
 && groupadd --gid 10001 weft \
 && useradd --uid 10001 --gid 10001 --home-dir /home/weft --create-home --shell /usr/sbin/nologin weft \
 && mkdir -p /home/weft/.clawft \
 && chown -R weft:weft /home/weft \
 && chmod 0700 /home/weft/.clawft

WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/native ./native
COPY --from=build --chown=root:root /app/skills ./skills
RUN ln -s /app/dist/cli/main.js /usr/local/bin/weft

ENV NODE_ENV=production \
    CLAWFT_HOME=/home/weft/.clawft \
    WEFT_PORT=8080
USER 10001:10001
VOLUME ["/home/weft/.clawft"]
EXPOSE 8080
# curl-free liveness probe: Node's fetch against the server's /health. The start
# period covers the hub's embedded store (PGlite compiles Postgres to WASM at start).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WEFT_PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["weft"]
# 0.0.0.0 because a server bound to the container's loopback is unreachable
# through a published port; the port matches EXPOSE and WEFT_PORT.
CMD ["gateway", "--host", "0.0.0.0", "--port", "8080"]
