# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# vendor/ holds a local no-op stand-in for core-js (see vendor/core-js-noop/README.md).
COPY vendor ./vendor
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# src/ (editorial/ and desk/ included), workers/ and cli/ are the whole program; docs/, test/ and bench/ are not needed at runtime.
COPY src ./src
COPY workers ./workers
COPY cli ./cli
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    CRIER_CONFIG=/app/config/crier.yaml
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/vendor ./vendor
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
# One image, every role: `start` (all), `poller`, `worker`.
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["start"]
