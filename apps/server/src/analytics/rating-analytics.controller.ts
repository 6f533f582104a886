import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  driverSummarySchema,
  periodListQuerySchema,
  ratingConditionsSchema,
  ratingSummarySchema,
  type PeriodListQuery,
} from '@app/contract';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { RATING_WINDOW_MIN, RatingAnalyticsService } from './rating-analytics.service';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';

@ApiTags('analytics')
@Controller('api/v1/analytics/ratings')
export class RatingAnalyticsController {
  constructor(private readonly ratings: RatingAnalyticsService) {}

  @Get('summary')
  @Auth('feedback.aggregates.read')
  @ApiOperation({
    summary: 'Passenger ratings per question: n, known missing, mean, CSAT (top-two-box) with Wilson 95 % interval, response rate',
  })
  @ApiZodResponse(z.array(ratingSummarySchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async summary(
    @ZodQuery(periodListQuerySchema) q: PeriodListQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await sendTable(req, res, {
      format: q.format,
      filename: `ratings-${q.from}-${q.to}.csv`,
      rows: await this.ratings.summary(q, viewer.roles),
    });
  }

  @Get('drivers')
  @Auth('feedback.aggregates.read')
  @ApiOperation({ summary: "Drivers' end-of-shift questionnaires per coach and question" })
  @ApiZodResponse(z.array(driverSummarySchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async drivers(
    @ZodQuery(periodListQuerySchema) q: PeriodListQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await sendTable(req, res, {
      format: q.format,
      filename: `driver-questionnaires-${q.from}-${q.to}.csv`,
      rows: await this.ratings.drivers(q, viewer.roles),
    });
  }

  @Get('conditions')
  @Auth('ratings.read')
  @ApiOperation({
    summary: `Each rating with the conditions measured in the ${RATING_WINDOW_MIN} minutes before it, and which conditions go with low ratings`,
  })
  @ApiZodResponse(ratingConditionsSchema, { csv: true, description: 'The ratings and the links; as CSV, the ratings' })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async conditions(@ZodQuery(periodListQuerySchema) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    const r = await this.ratings.conditions(q);
    await sendTable(req, res, { format: q.format, filename: `rating-conditions-${q.from}-${q.to}.csv`, rows: r.ratings, json: r });
  }
}
