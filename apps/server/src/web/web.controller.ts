/**
 * Serves the passenger tablet (/tablet/{vehicleId}), the driver questionnaire (/driver), the
 * engineers' dashboard (/dashboard and every address under it: one page, routed in the browser;
 * `/` redirects to it), their hashed assets (/assets/*, immutable), each offline page's service
 * worker (/sw/tablet.js, /sw/driver.js) and the retired root worker (/sw.js, which unregisters
 * itself). Pages carry a strict Content-Security-Policy: no inline script, no third party; user
 * text is only ever inserted as text by the scripts, so a comment cannot inject HTML. The
 * dashboard's shell holds no data: what it shows comes from the API, under the API's guards.
 */
import { Controller, Get, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { VEHICLE_ID_PATTERN } from '@app/contract';
import type { Response } from 'express';
import { OFFLINE_PAGES, type OfflinePage, type WebPage } from '../../../web/build';
import { Public } from '../auth/auth.decorators';
import { ApiException } from '../common/api-error';
import { WebAssetsService } from './web-assets.service';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

@ApiExcludeController()
@Controller()
@Public()
export class WebController {
  constructor(private readonly web: WebAssetsService) {}

  @Get('tablet/:vehicleId')
  tablet(@Param('vehicleId') vehicleId: string, @Res() res: Response): void {
    if (!VEHICLE_ID_PATTERN.test(vehicleId)) throw new ApiException(404, 'not_found', 'no such vehicle');
    this.page('tablet', res);
  }

  @Get('driver')
  driver(@Res() res: Response): void {
    this.page('driver', res);
  }

  @Get()
  @Redirect('/dashboard', 302)
  root(): void {}

  @Get(['dashboard', 'dashboard/*path'])
  dashboard(@Res() res: Response): void {
    this.page('dashboard', res);
  }

  @Get('sw/:page.js')
  pageWorker(@Param('page') page: string, @Res() res: Response): void {
    if (!(OFFLINE_PAGES as readonly string[]).includes(page)) throw new ApiException(404, 'not_found', 'no such service worker');
    this.worker(this.web.current.serviceWorkers[page as OfflinePage], res);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const file = this.web.current.assets.get(name);
    if (!file) throw new ApiException(404, 'not_found', 'no such asset');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(file.body);
  }

  @Get('sw.js')
  serviceWorker(@Res() res: Response): void {
    this.worker(this.web.current.serviceWorker, res);
  }

  private worker(file: { contentType: string; body: Buffer }, res: Response): void {
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Service-Worker-Allowed', '/');
    res.send(file.body);
  }

  private page(name: WebPage, res: Response): void {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.send(this.web.current.pages[name]);
  }
}
