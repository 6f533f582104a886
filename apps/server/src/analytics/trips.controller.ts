import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MAX_SERIES_POINTS, seriesQuerySchema, tripListQuerySchema, SERIES_FIELDS, type SeriesQuery, type TripListQuery } from '@app/contract';
import { ApiException } from '../common/api-error';
import { sendTable } from '../common/csv-response';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { TripsService } from './trips.service';

const noSuchTrip = (vehicleId: string, tripKey: string) => new ApiException(404, 'not_found', `no trip ${tripKey} for ${vehicleId}`);

@ApiTags('analytics')
@Controller('api/v1/trips')
export class TripsController {
  constructor(private readonly trips: TripsService) {}

  @Get()
  @ApiOperation({ summary: 'Trips (from trip events, or inferred from positions and flagged) with their figures' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false })
  @ApiQuery({ name: 'direction', required: false, enum: ['0', '1'] }) @ApiQuery({ name: 'inferred', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'offset', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiQueryErrorResponse(' or `period_too_long`')
  async list(@Query(new ZodValidationPipe(tripListQuerySchema, 'query')) q: TripListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `trips-${q.from}-${q.to}.csv`, rows: await this.trips.list(q) });
  }

  @Get(':vehicleId/:tripKey')
  @ApiOperation({ summary: 'One trip: identity, GTFS match, punctuality per stop and its figures' })
  @ApiParam({ name: 'tripKey', description: 'URL-encoded trip key as listed' })
  @ApiErrorResponse(404, '`not_found`: no such trip')
  async detail(@Param('vehicleId') vehicleId: string, @Param('tripKey') tripKey: string) {
    const t = await this.trips.detail(vehicleId, tripKey);
    if (!t) throw noSuchTrip(vehicleId, tripKey);
    return t;
  }

  @Get(':vehicleId/:tripKey/series')
  @ApiOperation({ summary: 'Time series of a trip, downsampled for charts (energy averages for dB and aw)' })
  @ApiQuery({ name: 'fields', required: false, description: `comma-separated of ${SERIES_FIELDS.join(', ')}` })
  @ApiQuery({ name: 'maxPoints', required: false, description: `10–${MAX_SERIES_POINTS} (default 500)` })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiQueryErrorResponse()
  @ApiErrorResponse(404, '`not_found`: no such trip')
  async series(
    @Param('vehicleId') vehicleId: string, @Param('tripKey') tripKey: string,
    @Query(new ZodValidationPipe(seriesQuerySchema, 'query')) q: SeriesQuery, @Req() req: Request, @Res() res: Response,
  ) {
    const s = await this.trips.tripSeries(vehicleId, tripKey, q);
    if (!s) throw noSuchTrip(vehicleId, tripKey);
    await sendTable(req, res, { format: q.format, filename: `series-${vehicleId}.csv`, rows: s.points, json: s });
  }
}
