import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  fuelRangeSchema,
  MAX_SERIES_HOURS,
  periodListQuerySchema,
  refuelSchema,
  seriesSchema,
  vehicleSeriesQuerySchema,
  vehicleStateSchema,
  type PeriodListQuery,
  type VehicleSeriesQuery,
  type VehicleState,
} from '@app/contract';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { FleetService } from './fleet.service';
import { TripsService } from './trips.service';
import { Auth } from '../auth/auth.decorators';

@ApiTags('analytics')
@Controller('api/v1')
export class FleetController {
  constructor(
    private readonly fleet: FleetService,
    private readonly trips: TripsService,
  ) {}

  @Get('vehicles')
  @Auth('summaries.read')
  @ApiOperation({ summary: 'Vehicles with their latest sample, fuel left (real-gas mass for CNG) and remaining range with its interval' })
  @ApiZodResponse(z.array(vehicleStateSchema))
  vehicles(): Promise<VehicleState[]> {
    return this.fleet.vehicles();
  }

  @Get('vehicles/:vehicleId/series')
  @Auth('summaries.read')
  @ApiOperation({ summary: `Downsampled time series of one vehicle between two instants (at most ${MAX_SERIES_HOURS} h)` })
  @ApiZodResponse(seriesSchema, { csv: true, description: 'The series; as CSV, its points' })
  @ApiQueryErrorResponse(`, or \`period_too_long\` beyond ${MAX_SERIES_HOURS} h`)
  async series(
    @Param('vehicleId') vehicleId: string,
    @ZodQuery(vehicleSeriesQuerySchema) q: VehicleSeriesQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const s = await this.trips.series(vehicleId, new Date(q.fromTs), new Date(q.toTs), q);
    await sendTable(req, res, { format: q.format, filename: `series-${vehicleId}.csv`, rows: s.points, json: s });
  }

  @Get('refuels')
  @Auth('summaries.read')
  @ApiOperation({
    summary:
      'Refuels detected from jumps of the tank (gas mass for CNG, gauge volume for diesel), reconciled with the pump entries (status says which was trusted)',
  })
  @ApiZodResponse(z.array(refuelSchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async refuels(@ZodQuery(periodListQuerySchema) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `refuels-${q.from}-${q.to}.csv`, rows: await this.fleet.refuels(q) });
  }

  @Get('fuel-range')
  @Auth('summaries.read')
  @ApiOperation({ summary: 'Fuel range (autonomie): refuels, km achieved per tank, days of service per tank' })
  @ApiZodResponse(z.array(fuelRangeSchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async fuelRange(@ZodQuery(periodListQuerySchema) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `fuel-range-${q.from}-${q.to}.csv`, rows: await this.fleet.fuelRange(q) });
  }
}
