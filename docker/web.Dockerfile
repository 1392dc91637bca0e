# syntax=docker/dockerfile:1
# Web UI image: the Vite build served as static files. Build context: the repository root.

# ---- build: npm ci + vite build ----------------------------------------------------------------
# Debian (glibc) rather than Alpine: the toolchain ships native binaries as optional npm packages,
# and the lockfile is written on glibc machines.
FROM node:24-slim AS build
WORKDIR /web
# Dependencies first, so the npm ci layer is reused until the lockfile changes.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
# The API page bundles the AsyncAPI document (web/src/features/api imports ../../../../docs/asyncapi.json), and
# web/src/api/limits.ts the contract's limits from the OpenAPI documents (../../../docs/openapi).
COPY docs/asyncapi.json /docs/asyncapi.json
COPY docs/openapi /docs/openapi
RUN npm run build

# ---- runtime: nginx as an unprivileged user (UID 101), listening on 8080 -------------------------
FROM nginxinc/nginx-unprivileged:1.28-alpine AS runtime
COPY docker/web/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /web/dist /usr/share/nginx/html
EXPOSE 8080
# Alpine's busybox wget is enough for a local probe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --start-interval=1s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
