import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { comparisonQuerySchema, GROUP_BY, kpiQuerySchema, MAX_PERIOD_DAYS, SCOPES, type ComparisonQuery, type KpiQuery } from '@app/contract';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ComparisonService } from './comparison.service';
import { KpiService } from './kpi.service';

const period = [
  ApiQuery({ name: 'from', required: false, description: 'First service day (Europe/Paris), YYYY-MM-DD; default 2018-06-08' }),
  ApiQuery({ name: 'to', required: false, description: `Last service day, YYYY-MM-DD; default 2018-06-22; at most ${MAX_PERIOD_DAYS} days after from` }),
  ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] }),
];
const apply = (decorators: MethodDecorator[]): MethodDecorator => (t, k, d) => { for (const dec of decorators) dec(t, k, d); };

@ApiTags('analytics')
@Controller('api/v1')
export class KpiController {
  constructor(private readonly kpis: KpiService, private readonly comparison: ComparisonService) {}

  @Get('kpis')
  @ApiOperation({ summary: 'The four criteria as figures for any period, per trip, day, direction or vehicle (read from rollups)' })
  @apply(period)
  @ApiQuery({ name: 'vehicleId', required: false })
  @ApiQuery({ name: 'groupBy', required: false, enum: GROUP_BY })
  @ApiQuery({ name: 'scope', required: false, enum: SCOPES, description: 'operation: whole days; service: trips only' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'One row per group: {vehicleId, fuelType, scope, key, kpis}' })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async list(@Query(new ZodValidationPipe(kpiQuerySchema, 'query')) q: KpiQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `kpis-${q.groupBy}-${q.from}-${q.to}.csv`, rows: await this.kpis.kpis(q) });
  }

  @Get('comparison')
  @ApiOperation({ summary: 'GNV-01 versus DSL-01 per criterion: difference of per-trip means with a 95 % bootstrap interval and a verdict' })
  @apply(period)
  @ApiQuery({ name: 'candidate', required: false, description: 'default GNV-01' })
  @ApiQuery({ name: 'reference', required: false, description: 'default DSL-01' })
  @ApiQuery({ name: 'iterations', required: false, description: 'bootstrap resamples, 200–20000 (default 2000)' })
  @ApiQuery({ name: 'seed', required: false })
  @ApiQuery({ name: 'confidence', required: false, description: 'default 0.95' })
  @ApiProduces('application/json', 'text/csv')
  @ApiQueryErrorResponse(' or `period_too_long`')
  async compare(@Query(new ZodValidationPipe(comparisonQuerySchema, 'query')) q: ComparisonQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `comparison-${q.from}-${q.to}.csv`, rows: await this.comparison.compare(q) });
  }
}
