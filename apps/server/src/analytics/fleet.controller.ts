import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { periodListQuerySchema, vehicleSeriesQuerySchema, type PeriodListQuery, type VehicleSeriesQuery } from '@app/contract';
import { FleetService } from './fleet.service';
import { ZodQueryPipe } from './query.pipe';
import { respond } from './respond';
import { TripsService } from './trips.service';

@ApiTags('analytics')
@Controller('api/v1')
export class FleetController {
  constructor(private readonly fleet: FleetService, private readonly trips: TripsService) {}

  @Get('vehicles')
  @ApiOperation({ summary: 'Vehicles with their latest sample, fuel left (real-gas mass for CNG) and remaining range with its interval' })
  vehicles() {
    return this.fleet.vehicles();
  }

  @Get('vehicles/:vehicleId/series')
  @ApiOperation({ summary: 'Downsampled time series of one vehicle between two instants (at most 24 h)' })
  @ApiQuery({ name: 'fromTs', required: true }) @ApiQuery({ name: 'toTs', required: true })
  @ApiQuery({ name: 'fields', required: false }) @ApiQuery({ name: 'maxPoints', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiBadRequestResponse({ description: '`invalid_query`, or `period_too_long` beyond 24 h' })
  async series(@Param('vehicleId') vehicleId: string, @Query(new ZodQueryPipe(vehicleSeriesQuerySchema)) q: VehicleSeriesQuery, @Res({ passthrough: true }) res: Response) {
    const s = await this.trips.series(vehicleId, new Date(q.fromTs), new Date(q.toTs), q);
    return q.format === 'csv' ? respond(res, 'csv', `series-${vehicleId}`, s.points) : s;
  }

  @Get('refuels')
  @ApiOperation({ summary: 'Refuels detected from jumps of the tank (gas mass for CNG, gauge volume for diesel), reconciled with the pump entries (status says which was trusted)' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  async refuels(@Query(new ZodQueryPipe(periodListQuerySchema)) q: PeriodListQuery, @Res({ passthrough: true }) res: Response) {
    return respond(res, q.format, `refuels-${q.from}-${q.to}`, await this.fleet.refuels(q));
  }

  @Get('fuel-range')
  @ApiOperation({ summary: 'Fuel range (autonomie): refuels, km achieved per tank, days of service per tank' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async fuelRange(@Query(new ZodQueryPipe(periodListQuerySchema)) q: PeriodListQuery, @Res({ passthrough: true }) res: Response) {
    return respond(res, q.format, `fuel-range-${q.from}-${q.to}`, await this.fleet.fuelRange(q));
  }
}
