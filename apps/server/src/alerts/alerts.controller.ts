import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  acknowledgeSchema,
  alertDetailSchema,
  alertHistoryQuerySchema,
  alertHistorySchema,
  alertIdParamSchema,
  alertListQuerySchema,
  alertRecordSchema,
  type AcknowledgeRequest,
  type AlertDetail,
  type AlertHistoryQuery,
  type AlertListQuery,
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
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Auth('alerts.read')
  @ApiOperation({
    summary: 'Alerts, newest first, with filters; CSV with ?format=csv',
    description: 'Lifecycle, rules and thresholds: docs/alerts.md.',
  })
  @ApiZodResponse(z.array(alertRecordSchema), { csv: true })
  @ApiQueryErrorResponse()
  async list(@ZodQuery(alertListQuerySchema) q: AlertListQuery, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    await sendTable(req, res, {
      format: q.format,
      filename: `alerts${q.from ? `-${q.from.slice(0, 10)}` : ''}${q.to ? `-${q.to.slice(0, 10)}` : ''}.csv`,
      rows: await this.alerts.list(q),
    });
  }

  // Before ':id', so that `history` is not taken for an id.
  @Get('history')
  @Auth('alerts.read')
  @ApiOperation({
    summary: 'Audit history: every state change, acknowledgement, escalation, threshold change and silence, newest first; CSV',
  })
  @ApiZodResponse(z.array(alertHistorySchema), { csv: true })
  @ApiQueryErrorResponse()
  async history(@ZodQuery(alertHistoryQuerySchema) q: AlertHistoryQuery, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    await sendTable(req, res, { format: q.format, filename: 'alert-history.csv', rows: await this.alerts.history(q) });
  }

  @Get(':id')
  @Auth('alerts.read')
  @ApiOperation({ summary: 'One alert with its history' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiZodResponse(alertDetailSchema)
  @ApiErrorResponse(400, '`validation_failed`: the id is not a positive integer')
  @ApiErrorResponse(404, '`not_found`: no such alert')
  detail(@Param('id', new ZodValidationPipe(alertIdParamSchema, 'param')) id: number): Promise<AlertDetail> {
    return this.alerts.detail(id);
  }

  @Post(':id/acknowledge')
  @Auth('alerts.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alert with a comment (required): the user, the time and the comment are recorded' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiBody({ schema: openApiSchema(acknowledgeSchema) })
  @ApiZodResponse(alertDetailSchema)
  @ApiErrorResponse(400, '`validation_failed`: no comment, or one over 500 characters')
  @ApiErrorResponse(404, '`not_found`: no such alert')
  @ApiErrorResponse(409, '`already_acknowledged`: the first acknowledgement is kept')
  acknowledge(
    @Param('id', new ZodValidationPipe(alertIdParamSchema, 'param')) id: number,
    @Body(new ZodValidationPipe(acknowledgeSchema)) body: AcknowledgeRequest,
    @Req() req: AuthenticatedRequest,
  ): Promise<AlertDetail> {
    return this.alerts.acknowledge(id, actorOf(req), body.comment);
  }
}
