import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  acknowledgeSchema, alertDetailSchema, alertHistoryQuerySchema, alertHistorySchema, alertIdParamSchema, alertListQuerySchema, alertRecordSchema,
  type AcknowledgeRequest, type AlertDetail, type AlertHistoryQuery, type AlertListQuery,
} from '@app/contract';
import { z } from 'zod';
import { Auth, type StaffRequest } from '../auth/roles.guard';
import { sendTable } from '../common/csv-response';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodQuery, openApiSchema } from '../common/openapi-zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { actorOf } from './actor';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Auth('engineer')
  @ApiOperation({ summary: 'Alerts, newest first, with filters; CSV with ?format=csv', description: 'Lifecycle, rules and thresholds: docs/alerts.md.' })
  @ApiZodQuery(alertListQuerySchema)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ schema: openApiSchema(z.array(alertRecordSchema)) })
  @ApiQueryErrorResponse()
  async list(@Query(new ZodValidationPipe(alertListQuerySchema, 'query')) q: AlertListQuery, @Req() req: StaffRequest, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: `alerts${q.from ? `-${q.from.slice(0, 10)}` : ''}${q.to ? `-${q.to.slice(0, 10)}` : ''}.csv`, rows: await this.alerts.list(q) });
  }

  // Before ':id', so that `history` is not taken for an id.
  @Get('history')
  @Auth('engineer')
  @ApiOperation({ summary: 'Audit history: every state change, acknowledgement, escalation, threshold change and silence, newest first; CSV' })
  @ApiZodQuery(alertHistoryQuerySchema)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ schema: openApiSchema(z.array(alertHistorySchema)) })
  @ApiQueryErrorResponse()
  async history(@Query(new ZodValidationPipe(alertHistoryQuerySchema, 'query')) q: AlertHistoryQuery, @Req() req: StaffRequest, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: 'alert-history.csv', rows: await this.alerts.history(q) });
  }

  @Get(':id')
  @Auth('engineer')
  @ApiOperation({ summary: 'One alert with its history' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ schema: openApiSchema(alertDetailSchema) })
  @ApiErrorResponse(400, '`validation_failed`: the id is not a positive integer')
  @ApiErrorResponse(404, '`not_found`: no such alert')
  detail(@Param('id', new ZodValidationPipe(alertIdParamSchema, 'param')) id: number): Promise<AlertDetail> {
    return this.alerts.detail(id);
  }

  @Post(':id/acknowledge')
  @Auth('engineer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alert with a comment (required): the user, the time and the comment are recorded' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiBody({ schema: openApiSchema(acknowledgeSchema) })
  @ApiOkResponse({ schema: openApiSchema(alertDetailSchema) })
  @ApiErrorResponse(400, '`validation_failed`: no comment, or one over 500 characters')
  @ApiErrorResponse(404, '`not_found`: no such alert')
  @ApiErrorResponse(409, '`already_acknowledged`: the first acknowledgement is kept')
  acknowledge(
    @Param('id', new ZodValidationPipe(alertIdParamSchema, 'param')) id: number,
    @Body(new ZodValidationPipe(acknowledgeSchema)) body: AcknowledgeRequest,
    @Req() req: StaffRequest,
  ): Promise<AlertDetail> {
    return this.alerts.acknowledge(id, actorOf(req), body.comment);
  }
}
