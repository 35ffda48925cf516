# One image for every role of the scaled-out deployment (docker-compose.yml picks the role).
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
ENV COREPACK_INTEGRITY_KEYS=0 npm_config_nodedir=/usr/local
WORKDIR /app
COPY . .
RUN corepack enable && pnpm install --frozen-lockfile && pnpm build
ENV YUQING_HOST=0.0.0.0 YUQING_DATA_DIR=/data
ENTRYPOINT ["node", "--import", "tsx", "cli/src/bin.ts"]
CMD ["start"]
