/**
 * The public page for the school visits (/decouvrir): what the gas coach is, how far it went and
 * how much CO2 it saved, for 8–11-year-olds, from the same report model (libs/report
 * renderSchoolPage). No login; `?lang=fr|oc|ca|en`. Self-contained HTML under a CSP that allows
 * only its own styles (by hash) and inline pictures.
 */
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { schoolPageQuerySchema } from '@app/contract';
import type { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { ZodQuery } from '../common/zod-query';
import { inlineStyleCsp } from './page-csp';
import { ReportsService } from './reports.service';

@ApiExcludeController()
@Controller()
@Public()
export class SchoolController {
  constructor(private readonly reports: ReportsService) {}

  @Get('decouvrir')
  async page(@ZodQuery(schoolPageQuerySchema) q: z.infer<typeof schoolPageQuerySchema>, @Res() res: Response): Promise<void> {
    const html = await this.reports.schoolPage(q.lang);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // Updated during the trial: revalidate, but a classroom may keep it for a minute.
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.setHeader('Content-Security-Policy', inlineStyleCsp(html));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.send(html);
  }
}
