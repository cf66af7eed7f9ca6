# syntax=docker/dockerfile:1
# Vigie: multi-stage build on Node 20 slim. The build stage compiles the TypeScript and the native
# SQLite driver (sqlite3, from source); the runtime stage holds only production dependencies, runs
# as a non-root user, keeps its state in the /data volume and answers HEALTHCHECK on /healthz.

FROM node:20-slim AS build
WORKDIR /app
# Toolchain for sqlite3's native build (node-gyp needs python3, make and a C++ compiler).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# npm ci builds sqlite3 from source and runs `prepare` (tsc) into dist/.
RUN npm ci --no-audit --no-fund --build-from-source=sqlite3 \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
# Both stores in the volume: /app is read-only for the `node` user (`vigie demo` works too).
ENV NODE_ENV=production \
    STORE_URL=sqlite:///data/vigie.sqlite \
    VIGIE_DEMO_STORE_URL=sqlite:///data/demo.sqlite \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=9464 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY demo ./demo
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Same flags as `npm start`; SIGTERM (docker stop) finishes the current step and closes the store.
ENTRYPOINT ["node", "--max-old-space-size=512", "--initial-old-space-size=128", "--v8-pool-size=1", "dist/cli.js"]
CMD ["run"]
