import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { periodListQuerySchema, type PeriodListQuery } from '@app/contract';
import { AnalyticsRepository } from './analytics.repository';
import { QualityService } from './quality.service';
import { ZodQueryPipe } from './query.pipe';
import { respond } from './respond';

@ApiTags('analytics')
@Controller('api/v1')
export class QualityController {
  constructor(private readonly quality: QualityService, private readonly repository: AnalyticsRepository) {}

  @Get('data-quality')
  @ApiOperation({ summary: 'Per vehicle and day: coverage, gaps, duplicates, dead letters, inferred trips, clock anomalies, sensor flags' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  async list(@Query(new ZodQueryPipe(periodListQuerySchema)) q: PeriodListQuery, @Res({ passthrough: true }) res: Response) {
    return respond(res, q.format, `data-quality-${q.from}-${q.to}`, await this.quality.quality(q));
  }

  @Get('sensor-checks')
  @ApiOperation({ summary: 'ISO 2631-1 weighting computed by the server from each raw vibration window versus what the unit reported' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  async sensorChecks(@Query(new ZodQueryPipe(periodListQuerySchema)) q: PeriodListQuery, @Res({ passthrough: true }) res: Response) {
    return respond(res, q.format, `sensor-checks-${q.from}-${q.to}`, await this.repository.sensorChecks(q));
  }
}
