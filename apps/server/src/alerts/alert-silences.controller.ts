import { Body, Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  silenceCreateSchema, silenceIdParamSchema, silenceListQuerySchema, silenceRecordSchema,
  type SilenceCreate, type SilenceListQuery, type SilenceRecord,
} from '@app/contract';
import { z } from 'zod';
import { Auth, type StaffRequest } from '../auth/roles.guard';
import { sendTable } from '../common/csv-response';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodQuery, openApiSchema } from '../common/openapi-zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { actorOf } from './actor';
import { SilencesService } from './silences.service';

@ApiTags('alerts')
@Controller('api/v1/alerts/silences')
export class AlertSilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Get()
  @Auth('engineer')
  @ApiOperation({ summary: 'Silences and maintenance windows (deleted ones with ?deleted=true); CSV' })
  @ApiZodQuery(silenceListQuerySchema)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ schema: openApiSchema(z.array(silenceRecordSchema)) })
  @ApiQueryErrorResponse()
  async list(@Query(new ZodValidationPipe(silenceListQuerySchema, 'query')) q: SilenceListQuery, @Req() req: StaffRequest, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: 'alert-silences.csv', rows: await this.silences.list(q.deleted) });
  }

  @Post()
  @Auth('engineer')
  @ApiOperation({
    summary: 'Create a silence (alerts kept, not notified nor escalated; wall clock) or a maintenance window (no alert opens; data time), per rule and/or vehicle, with a reason',
  })
  @ApiBody({ schema: openApiSchema(silenceCreateSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(silenceRecordSchema) })
  @ApiErrorResponse(400, '`validation_failed`: endsAt not after startsAt, a window over 366 days, no reason')
  create(@Body(new ZodValidationPipe(silenceCreateSchema)) body: SilenceCreate, @Req() req: StaffRequest): Promise<SilenceRecord> {
    return this.silences.create(body, actorOf(req));
  }

  @Delete(':id')
  @Auth('engineer')
  @ApiOperation({ summary: 'End a silence or maintenance window now (it is kept, marked deleted, with who deleted it)' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ schema: openApiSchema(silenceRecordSchema) })
  @ApiErrorResponse(404, '`not_found`: no such silence, or deleted already')
  remove(@Param('id', new ZodValidationPipe(silenceIdParamSchema, 'param')) id: number, @Req() req: StaffRequest): Promise<SilenceRecord> {
    return this.silences.remove(id, actorOf(req));
  }
}
