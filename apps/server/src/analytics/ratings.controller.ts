import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { periodListQuerySchema, type PeriodListQuery } from '@app/contract';
import { ZodQueryPipe } from './query.pipe';
import { RatingsService } from './ratings.service';
import { respond } from './respond';

@ApiTags('analytics')
@Controller('api/v1/analytics/ratings')
export class RatingAnalyticsController {
  constructor(private readonly ratings: RatingsService) {}

  @Get('summary')
  @ApiOperation({ summary: 'Passenger ratings per question: n, mean, CSAT (top-two-box) with Wilson 95 % interval, response rate' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async summary(@Query(new ZodQueryPipe(periodListQuerySchema)) q: PeriodListQuery, @Res({ passthrough: true }) res: Response) {
    return respond(res, q.format, `ratings-${q.from}-${q.to}`, await this.ratings.summary(q));
  }

  @Get('drivers')
  @ApiOperation({ summary: "Drivers' end-of-shift questionnaires per coach and question" })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async drivers(@Query(new ZodQueryPipe(periodListQuerySchema)) q: PeriodListQuery, @Res({ passthrough: true }) res: Response) {
    return respond(res, q.format, `driver-questionnaires-${q.from}-${q.to}`, await this.ratings.drivers(q));
  }

  @Get('conditions')
  @ApiOperation({ summary: 'Each rating with the conditions measured in the 5 minutes before it, and which conditions go with low ratings' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async conditions(@Query(new ZodQueryPipe(periodListQuerySchema)) q: PeriodListQuery, @Res({ passthrough: true }) res: Response) {
    const r = await this.ratings.conditions(q);
    return q.format === 'csv' ? respond(res, 'csv', `rating-conditions-${q.from}-${q.to}`, r.ratings) : r;
  }
}
