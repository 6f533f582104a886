import { Body, Controller, Delete, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  silenceCreateSchema,
  silenceIdParamSchema,
  silenceListQuerySchema,
  silenceRecordSchema,
  type SilenceCreate,
  type SilenceListQuery,
  type SilenceRecord,
} from '@app/contract';
import { z } from 'zod';
import { Auth } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/principal';
import { sendTable } from '../common/csv-response';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { actorOf } from './actor';
import { SilencesService } from './silences.service';

@ApiTags('alerts')
@Controller('api/v1/alerts/silences')
export class AlertSilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Get()
  @Auth('alerts.read')
  @ApiOperation({ summary: 'Silences and maintenance windows (deleted ones with ?deleted=true); CSV' })
  @ApiZodResponse(z.array(silenceRecordSchema), { csv: true })
  @ApiQueryErrorResponse()
  async list(@ZodQuery(silenceListQuerySchema) q: SilenceListQuery, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: 'alert-silences.csv', rows: await this.silences.list(q.deleted) });
  }

  @Post()
  @Auth('alerts.manage')
  @ApiOperation({
    summary:
      'Create a silence (alerts kept, not notified nor escalated; wall clock) or a maintenance window (no alert opens; data time), per rule and/or vehicle, with a reason',
  })
  @ApiBody({ schema: openApiSchema(silenceCreateSchema) })
  @ApiZodResponse(silenceRecordSchema, { status: 201 })
  @ApiErrorResponse(400, '`validation_failed`: endsAt not after startsAt, a window over 366 days, no reason')
  create(@Body(new ZodValidationPipe(silenceCreateSchema)) body: SilenceCreate, @Req() req: AuthenticatedRequest): Promise<SilenceRecord> {
    return this.silences.create(body, actorOf(req));
  }

  @Delete(':id')
  @Auth('alerts.manage')
  @ApiOperation({ summary: 'End a silence or maintenance window now (it is kept, marked deleted, with who deleted it)' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiZodResponse(silenceRecordSchema)
  @ApiErrorResponse(404, '`not_found`: no such silence, or deleted already')
  remove(
    @Param('id', new ZodValidationPipe(silenceIdParamSchema, 'param')) id: number,
    @Req() req: AuthenticatedRequest,
  ): Promise<SilenceRecord> {
    return this.silences.remove(id, actorOf(req));
  }
}
