import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  seriesQuerySchema,
  seriesSchema,
  tripDetailSchema,
  tripListQuerySchema,
  tripSummarySchema,
  type SeriesQuery,
  type TripDetail,
  type TripListQuery,
} from '@app/contract';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiException } from '../common/api-error';
import { sendTable } from '../common/csv-response';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { TripsService } from './trips.service';

const noSuchTrip = (vehicleId: string, tripKey: string) => new ApiException(404, 'not_found', `no trip ${tripKey} for ${vehicleId}`);

@ApiTags('analytics')
@Controller('api/v1/trips')
export class TripsController {
  constructor(private readonly trips: TripsService) {}

  @Get()
  @Auth('summaries.read')
  @ApiOperation({ summary: 'Trips (from trip events, or inferred from positions and flagged) with their figures' })
  @ApiZodResponse(z.array(tripSummarySchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async list(
    @ZodQuery(tripListQuerySchema) q: TripListQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await sendTable(req, res, { format: q.format, filename: `trips-${q.from}-${q.to}.csv`, rows: await this.trips.list(q, viewer.roles) });
  }

  @Get(':vehicleId/:tripKey')
  @Auth('summaries.read')
  @ApiOperation({ summary: 'One trip: identity, GTFS match, punctuality per stop and its figures' })
  @ApiParam({ name: 'tripKey', description: 'URL-encoded trip key as listed' })
  @ApiZodResponse(tripDetailSchema)
  @ApiErrorResponse(404, '`not_found`: no such trip')
  async detail(
    @Param('vehicleId') vehicleId: string,
    @Param('tripKey') tripKey: string,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<TripDetail> {
    const t = await this.trips.detail(vehicleId, tripKey, viewer.roles);
    if (!t) throw noSuchTrip(vehicleId, tripKey);
    return t;
  }

  @Get(':vehicleId/:tripKey/series')
  @Auth('summaries.read')
  @ApiOperation({ summary: 'Time series of a trip, downsampled for charts (energy averages for dB and aw)' })
  @ApiZodResponse(seriesSchema, { csv: true, description: 'The series; as CSV, its points' })
  @ApiQueryErrorResponse()
  @ApiErrorResponse(404, '`not_found`: no such trip')
  async series(
    @Param('vehicleId') vehicleId: string,
    @Param('tripKey') tripKey: string,
    @ZodQuery(seriesQuerySchema) q: SeriesQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const s = await this.trips.tripSeries(vehicleId, tripKey, q);
    if (!s) throw noSuchTrip(vehicleId, tripKey);
    await sendTable(req, res, { format: q.format, filename: `series-${vehicleId}.csv`, rows: s.points, json: s });
  }
}
