import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  dataQualityRowSchema,
  deadLetterCountSchema,
  deviceCompletenessSchema,
  deviceQuerySchema,
  periodListQuerySchema,
  reconciliationCountsSchema,
  reconciliationRequestSchema,
  sensorCheckSchema,
  type DeviceQuery,
  type PeriodListQuery,
  type ReconciliationCounts,
  type ReconciliationRequest,
} from '@app/contract';
import { Auth } from '../auth/auth.decorators';
import { sendTable } from '../common/csv-response';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { CompletenessService } from './completeness.service';
import { QualityService } from './quality.service';

@ApiTags('analytics')
@Controller('api/v1')
export class QualityController {
  constructor(
    private readonly quality: QualityService,
    private readonly completeness: CompletenessService,
  ) {}

  @Get('data-quality')
  @Auth('summaries.read')
  @ApiOperation({
    summary:
      'Per vehicle and day: coverage, gaps, duplicates, dead letters, inferred trips, clock anomalies, sensor flags, feedback completeness',
    description:
      '`feedback.ratings` / `feedback.questionnaires`: answers received, `knownMissing` (gaps in the devices’ own answer sequences, ' +
      'counted on the day of the answer that revealed them), answers without a sequence, devices, last answer seen.',
  })
  @ApiZodResponse(z.array(dataQualityRowSchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async list(@ZodQuery(periodListQuerySchema) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `data-quality-${q.from}-${q.to}.csv`, rows: await this.quality.quality(q) });
  }

  @Get('data-quality/devices')
  @Auth('quality.read')
  @ApiOperation({
    summary: 'Per answering device (tablet or driver page installation): answers received, highest number, known missing, last answer seen',
    description:
      'Each page installation numbers the answers it creates (`deviceSeq` 1, 2, 3 …); a number never received below the highest is an answer known to be missing.',
  })
  @ApiZodResponse(z.array(deviceCompletenessSchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async devices(@ZodQuery(deviceQuerySchema) q: DeviceQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, {
      format: q.format,
      filename: `devices-${q.kind}-${q.from}-${q.to}.csv`,
      rows: await this.completeness.devices(q.kind, q),
    });
  }

  @Get('data-quality/dead-letters')
  @Auth('quality.read')
  @ApiOperation({ summary: 'Messages refused (dead-lettered) in the period, by code' })
  @ApiZodResponse(z.array(deadLetterCountSchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async deadLetters(@ZodQuery(periodListQuerySchema) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, {
      format: q.format,
      filename: `dead-letters-${q.from}-${q.to}.csv`,
      rows: await this.quality.deadLettersByCode(q),
    });
  }

  @Post('data-quality/reconciliation')
  @Auth('quality.reconcile')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Counts a run reconciles its ground truth against: stored seqs and dead letters per unit stream, answers per device',
    description: 'Used by the simulator at the end of a replay (`npm run trial`, `npm run simulate`). Reads only.',
  })
  @ApiBody({ schema: openApiSchema(reconciliationRequestSchema) })
  @ApiZodResponse(reconciliationCountsSchema)
  reconcile(@Body(new ZodValidationPipe(reconciliationRequestSchema)) body: ReconciliationRequest): Promise<ReconciliationCounts> {
    return this.completeness.reconcile(body);
  }

  @Get('sensor-checks')
  @Auth('quality.read')
  @ApiOperation({ summary: 'ISO 2631-1 weighting computed by the server from each raw vibration window versus what the unit reported' })
  @ApiZodResponse(z.array(sensorCheckSchema), { csv: true })
  @ApiQueryErrorResponse(' or `period_too_long`')
  async sensorChecks(@ZodQuery(periodListQuerySchema) q: PeriodListQuery, @Req() req: Request, @Res() res: Response) {
    await sendTable(req, res, {
      format: q.format,
      filename: `sensor-checks-${q.from}-${q.to}.csv`,
      rows: await this.quality.sensorChecks(q),
    });
  }
}
