import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { seriesQuerySchema, tripListQuerySchema, SERIES_FIELDS, type SeriesQuery, type TripListQuery } from '@app/contract';
import { ZodQueryPipe } from './query.pipe';
import { respond } from './respond';
import { TripsService } from './trips.service';

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
  @ApiBadRequestResponse({ description: '`invalid_query` or `period_too_long`' })
  async list(@Query(new ZodQueryPipe(tripListQuerySchema)) q: TripListQuery, @Res({ passthrough: true }) res: Response) {
    return respond(res, q.format, `trips-${q.from}-${q.to}`, await this.trips.list(q));
  }

  @Get(':vehicleId/:tripKey')
  @ApiOperation({ summary: 'One trip: identity, GTFS match, punctuality per stop and its figures' })
  @ApiParam({ name: 'tripKey', description: 'URL-encoded trip key as listed' })
  @ApiNotFoundResponse({ description: 'No such trip' })
  async detail(@Param('vehicleId') vehicleId: string, @Param('tripKey') tripKey: string) {
    const t = await this.trips.detail(vehicleId, tripKey);
    if (!t) throw new NotFoundException({ statusCode: 404, code: 'not_found', message: `no trip ${tripKey} for ${vehicleId}` });
    return t;
  }

  @Get(':vehicleId/:tripKey/series')
  @ApiOperation({ summary: 'Time series of a trip, downsampled for charts (energy averages for dB and aw)' })
  @ApiQuery({ name: 'fields', required: false, description: `comma-separated of ${SERIES_FIELDS.join(', ')}` })
  @ApiQuery({ name: 'maxPoints', required: false, description: '10–5000 (default 500)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiNotFoundResponse({ description: 'No such trip' })
  async series(
    @Param('vehicleId') vehicleId: string, @Param('tripKey') tripKey: string,
    @Query(new ZodQueryPipe(seriesQuerySchema)) q: SeriesQuery, @Res({ passthrough: true }) res: Response,
  ) {
    const s = await this.trips.tripSeries(vehicleId, tripKey, q);
    if (!s) throw new NotFoundException({ statusCode: 404, code: 'not_found', message: `no trip ${tripKey} for ${vehicleId}` });
    return q.format === 'csv' ? respond(res, 'csv', `series-${vehicleId}`, s.points) : s;
  }
}
