import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { periodListQuerySchema, type PeriodListQuery } from '@app/contract';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AnalyticsRepository } from './analytics.repository';
import { QualityService } from './quality.service';

@ApiTags('analytics')
@Controller('api/v1')
export class QualityController {
  constructor(private readonly quality: QualityService, private readonly repository: AnalyticsRepository) {}

  @Get('data-quality')
  @ApiOperation({ summary: 'Per vehicle and day: coverage, gaps, duplicates, dead letters, inferred trips, clock anomalies, sensor flags' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse() // the rows, or the CSV
  @ApiQueryErrorResponse(' or `period_too_long`')
  async list(@Query(new ZodValidationPipe(periodListQuerySchema, 'query')) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `data-quality-${q.from}-${q.to}.csv`, rows: await this.quality.quality(q) });
  }

  @Get('sensor-checks')
  @ApiOperation({ summary: 'ISO 2631-1 weighting computed by the server from each raw vibration window versus what the unit reported' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse() // the rows, or the CSV
  @ApiQueryErrorResponse(' or `period_too_long`')
  async sensorChecks(@Query(new ZodValidationPipe(periodListQuerySchema, 'query')) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `sensor-checks-${q.from}-${q.to}.csv`, rows: await this.repository.sensorChecks(q) });
  }
}
