import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MAX_SERIES_HOURS, periodListQuerySchema, vehicleSeriesQuerySchema, type PeriodListQuery, type VehicleSeriesQuery } from '@app/contract';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { FleetService } from './fleet.service';
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
  @ApiOperation({ summary: `Downsampled time series of one vehicle between two instants (at most ${MAX_SERIES_HOURS} h)` })
  @ApiQuery({ name: 'fromTs', required: true }) @ApiQuery({ name: 'toTs', required: true })
  @ApiQuery({ name: 'fields', required: false }) @ApiQuery({ name: 'maxPoints', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiQueryErrorResponse(`, or \`period_too_long\` beyond ${MAX_SERIES_HOURS} h`)
  async series(@Param('vehicleId') vehicleId: string, @Query(new ZodValidationPipe(vehicleSeriesQuerySchema, 'query')) q: VehicleSeriesQuery, @Req() req: Request, @Res() res: Response) {
    const s = await this.trips.series(vehicleId, new Date(q.fromTs), new Date(q.toTs), q);
    await sendTable(req, res, { format: q.format, filename: `series-${vehicleId}.csv`, rows: s.points, json: s });
  }

  @Get('refuels')
  @ApiOperation({ summary: 'Refuels detected from jumps of the tank (gas mass for CNG, gauge volume for diesel), reconciled with the pump entries (status says which was trusted)' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse() // the rows, or the CSV
  @ApiQueryErrorResponse(' or `period_too_long`')
  async refuels(@Query(new ZodValidationPipe(periodListQuerySchema, 'query')) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `refuels-${q.from}-${q.to}.csv`, rows: await this.fleet.refuels(q) });
  }

  @Get('fuel-range')
  @ApiOperation({ summary: 'Fuel range (autonomie): refuels, km achieved per tank, days of service per tank' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'vehicleId', required: false }) @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse() // the rows, or the CSV
  @ApiQueryErrorResponse(' or `period_too_long`')
  async fuelRange(@Query(new ZodValidationPipe(periodListQuerySchema, 'query')) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `fuel-range-${q.from}-${q.to}.csv`, rows: await this.fleet.fuelRange(q) });
  }
}
