import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  comparisonQuerySchema,
  comparisonRowSchema,
  kpiGroupSchema,
  kpiQuerySchema,
  type ComparisonQuery,
  type KpiQuery,
} from '@app/contract';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { ComparisonService } from './comparison.service';
import { KpiService } from './kpi.service';
import { Auth } from '../auth/auth.decorators';

@ApiTags('analytics')
@Controller('api/v1')
export class KpiController {
  constructor(
    private readonly kpis: KpiService,
    private readonly comparison: ComparisonService,
  ) {}

  @Get('kpis')
  @Auth('summaries.read')
  @ApiOperation({
    summary: 'The four criteria as figures for any period, per trip, day, direction, vehicle, load or ambient band (read from rollups)',
  })
  @ApiZodResponse(z.array(kpiGroupSchema), { csv: true, description: 'One row per vehicle and group' })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async list(@ZodQuery(kpiQuerySchema) q: KpiQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `kpis-${q.groupBy}-${q.from}-${q.to}.csv`, rows: await this.kpis.kpis(q) });
  }

  @Get('comparison')
  @Auth('summaries.read')
  @ApiOperation({
    summary: 'GNV-01 versus DSL-01 per criterion: difference of per-trip means with a 95 % bootstrap interval and a verdict',
  })
  @ApiZodResponse(z.array(comparisonRowSchema), { csv: true, description: 'One row per metric' })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async compare(@ZodQuery(comparisonQuerySchema) q: ComparisonQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `comparison-${q.from}-${q.to}.csv`, rows: await this.comparison.compare(q) });
  }
}
