# The trial server, in two stages (rehearsed without Docker by test/production.e2e-spec.ts).
# Build: every dependency, `npm run build` → dist/ (server, libraries and CLIs compiled by SWC, the
# browser pages built by esbuild into dist/apps/web/dist).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: production dependencies only, the compiled code, a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 HTTP_PORT=3000 LOG_FORMAT=json
# A larger young generation: the ingest's messages live from receipt to commit (tens of ms), which
# the default 16 MB semi-space promotes to the old generation; 64 MB cut the ingest's CPU per
# message (npm run bench:scale, which reads this line and measures it against no NODE_OPTIONS).
ENV NODE_OPTIONS=--max-semi-space-size=64
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --retries=10 CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/apps/server/src/main.js"]
