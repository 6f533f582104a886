/**
 * The browser pages, built once at start-up in memory with esbuild (a devDependency: a fresh
 * clone works after `npm ci`, no build step), or read from apps/web/dist (`npm run build:web`)
 * when esbuild is not installed (a production image without devDependencies).
 */
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildWeb, readWebBuild, WEB_DIST, type WebBuild } from '../../../web/build';

/** One build per process: several apps in one process (tests) share it, and esbuild never runs twice at once. */
let processBuild: Promise<WebBuild> | undefined;

@Injectable()
export class WebAssetsService implements OnModuleInit {
  private readonly logger = new Logger(WebAssetsService.name);
  private build?: WebBuild;

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    try {
      processBuild ??= buildWeb();
      this.build = await processBuild.catch((error: unknown) => {
        processBuild = undefined;
        throw error;
      });
      this.logger.log(`web pages built in ${Date.now() - started} ms (bytes per page: ${JSON.stringify(this.build.pageBytes)})`);
    } catch (error) {
      if (!existsSync(join(WEB_DIST, 'manifest.json'))) throw error;
      this.build = readWebBuild();
      this.logger.log(`web pages served from ${WEB_DIST} (esbuild unavailable: ${(error as Error).message.split('\n')[0]})`);
    }
  }

  get current(): WebBuild {
    if (!this.build) throw new Error('web pages not built yet');
    return this.build;
  }
}
