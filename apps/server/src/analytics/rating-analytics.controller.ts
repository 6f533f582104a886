import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { periodListQuerySchema, type PeriodListQuery } from '@app/contract';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { RATING_WINDOW_MIN, RatingAnalyticsService } from './rating-analytics.service';

@ApiTags('analytics')
@Controller('api/v1/analytics/ratings')
export class RatingAnalyticsController {
  constructor(private readonly ratings: RatingAnalyticsService) {}

  @Get('summary')
  @ApiOperation({ summary: 'Passenger ratings per question: n, mean, CSAT (top-two-box) with Wilson 95 % interval, response rate' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse() // the rows, or the CSV
  @ApiQueryErrorResponse(' or `period_too_long`')
  async summary(@Query(new ZodValidationPipe(periodListQuerySchema, 'query')) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `ratings-${q.from}-${q.to}.csv`, rows: await this.ratings.summary(q) });
  }

  @Get('drivers')
  @ApiOperation({ summary: "Drivers' end-of-shift questionnaires per coach and question" })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse() // the rows, or the CSV
  @ApiQueryErrorResponse(' or `period_too_long`')
  async drivers(@Query(new ZodValidationPipe(periodListQuerySchema, 'query')) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `driver-questionnaires-${q.from}-${q.to}.csv`, rows: await this.ratings.drivers(q) });
  }

  @Get('conditions')
  @ApiOperation({ summary: `Each rating with the conditions measured in the ${RATING_WINDOW_MIN} minutes before it, and which conditions go with low ratings` })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse() // the rows, or the CSV
  @ApiQueryErrorResponse(' or `period_too_long`')
  async conditions(@Query(new ZodValidationPipe(periodListQuerySchema, 'query')) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    const r = await this.ratings.conditions(q);
    await sendTable(req, res, { format: q.format, filename: `rating-conditions-${q.from}-${q.to}.csv`, rows: r.ratings, json: r });
  }
}
