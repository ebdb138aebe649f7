# syntax=docker/dockerfile:1
# The production ITS gateway: the bundle (apps/gateway/dist/main.js) with only its production dependencies, run by
# plain `node` as a non-root user. The same steps run in CI without Docker: tools/scripts/deploy-check.sh (no base
# image can be pulled on the build machines, so this image itself was not built there).
#
#   docker build -t its-gateway .
#   docker run --rm -p 8080:8080 -e ITS_ENV=integration -e ITS_CLIENT_ID=… -e ITS_CLIENT_SECRET=… \
#     -e ITS_OPERATOR_ID=… -e GATEWAY_API_KEYS_FILE=/run/secrets/keys.json -e TLS_CERT_FILE=… -e TLS_KEY_FILE=… its-gateway

ARG NODE_IMAGE=node:20-slim

# --- build: install the workspace, bundle the gateway, production install into /deploy ---------------------------
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native addon (node-gyp) during the install.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@10.34.9
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm --filter @its/gateway run build
# See tools/scripts/deploy-check.sh for why the setting is given here (pnpm 10 deploy, lockfile versions).
RUN pnpm --config.inject-workspace-packages=true deploy --filter @its/gateway --prod /deploy

# --- simulator (for compose.yaml only; `--target simulator`): the ITS simulator from the workspace sources ---------
FROM build AS simulator
ENV SIM_HOST=0.0.0.0 SIM_PORT=4010
EXPOSE 4010
CMD ["node", "--conditions=@its/source", "--import", "tsx", "tools/simulator/src/main.ts"]

# --- runtime (the default target): node + the deploy directory, nothing else -----------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    ITS_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /deploy /app
RUN mkdir -p /data && chown node:node /data
# The SQLite outbox (and the token store) when DATABASE_URL is not set: keep it across container restarts.
VOLUME ["/data"]
USER node
EXPOSE 8080
# No curl in slim images: node itself probes /healthz (HTTP, or HTTPS with a self-signed certificate allowed).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const s=process.env.TLS_CERT_FILE?'https':'http';process.env.NODE_TLS_REJECT_UNAUTHORIZED='0';fetch(s+'://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives SIGTERM itself (graceful shutdown: in-flight requests finish, exit 0).
CMD ["node", "dist/main.js"]
