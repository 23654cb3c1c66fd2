# The assure GitHub App as a container: node build/app/server.js, listening on PORT (3000), non-root,
# with a health check on /healthz. Build: docker build -t assure-app .   (see docs/deploy.md)

# Build: compile the TypeScript and precompile the schemas' and the library's validators (build/precompiled,
# so the App starts without compiling them), then keep only what the App runs: no simulator, no build
# scripts, no development dependencies.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY github ./github
COPY app ./app
COPY cli ./cli
COPY action ./action
COPY sim ./sim
COPY scripts ./scripts
COPY policies ./policies
COPY schema ./schema
RUN npm run compile && rm -rf build/sim build/scripts && npm prune --omit=dev --ignore-scripts

# Run: the compiled App, its dependencies, and the files it reads at run time.
FROM node:24-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY package.json ./
COPY policies ./policies
COPY schema ./schema
COPY templates ./templates
# The node image's unprivileged user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "build/app/server.js"]
