# The trial server. Runs TypeScript through swc-node (no separate build step; see README).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 HTTP_PORT=3000 LOG_FORMAT=json
EXPOSE 3000
USER node
CMD ["node", "-r", "@swc-node/register", "apps/server/src/main.ts"]
