/**
 * The browser pages. Run from the sources (a fresh clone after `npm ci`), they are built once at
 * start-up in memory with esbuild (a devDependency). Run compiled (`npm run build` →
 * dist/, production without devDependencies), they are read from the build that sits next to the
 * compiled code (dist/apps/web/dist); a missing build stops the start with a clear message.
 */
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildWeb, readWebBuild, WEB_DIST, type WebBuild } from '../../../web/build';

/** One build per process: several apps in one process (tests) share it, and esbuild never runs twice at once. */
let processBuild: Promise<WebBuild> | undefined;
/** Compiled by `npm run build` (this file is .js): serve the pages built beside it, never esbuild. */
const RUNNING_COMPILED = __filename.endsWith('.js');

@Injectable()
export class WebAssetsService implements OnModuleInit {
  private readonly logger = new Logger(WebAssetsService.name);
  private build?: WebBuild;

  async onModuleInit(): Promise<void> {
    if (RUNNING_COMPILED) {
      if (!existsSync(join(WEB_DIST, 'manifest.json')))
        throw new Error(`the web pages are not built: ${WEB_DIST} is missing (run npm run build)`);
      this.build = readWebBuild();
      this.logger.log(`web pages served from ${WEB_DIST}`);
      return;
    }
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
