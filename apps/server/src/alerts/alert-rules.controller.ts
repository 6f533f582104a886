import { Body, Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ALERT_RULE_IDS,
  alertRuleIdParamSchema,
  alertRuleRecordSchema,
  alertRuleUpdateSchema,
  anyAlertRuleParamsSchema,
  type AlertRuleId,
  type AlertRuleUpdate,
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
import { AlertRulesService } from './alert-rules.service';

const rulesQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).optional() });

@ApiTags('alerts')
@Controller('api/v1/alerts/rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  @Auth('alerts.read')
  @ApiOperation({ summary: 'The alert rules: thresholds and durations, their defaults and sources, and each vehicle’s current condition' })
  @ApiZodResponse(z.array(alertRuleRecordSchema), { csv: true })
  @ApiQueryErrorResponse()
  async list(@ZodQuery(rulesQuerySchema) q: z.infer<typeof rulesQuerySchema>, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const rules = await this.rules.list();
    await sendTable(req, res, {
      format: q.format,
      filename: 'alert-rules.csv',
      rows: rules.map(({ conditions: _c, ...r }) => r),
      json: rules,
    });
  }

  @Put(':ruleId')
  @Auth('alerts.manage')
  @ApiOperation({
    summary:
      'Change a rule’s thresholds and durations (validated), or enable/disable it; the change is kept in the history with who, when and why',
    description:
      '`params` is the whole parameter object of that rule (as the rules list shows it). Disabling a rule resolves its open alerts.',
  })
  @ApiParam({ name: 'ruleId', enum: ALERT_RULE_IDS })
  @ApiBody({ schema: openApiSchema(alertRuleUpdateSchema.extend({ params: anyAlertRuleParamsSchema })) })
  @ApiZodResponse(alertRuleRecordSchema)
  @ApiErrorResponse(
    400,
    '`validation_failed`: a threshold out of its bounds or order (e.g. clear not beyond warning), a missing reason; `errors[].path` names it',
  )
  @ApiErrorResponse(404, '`not_found`: no such rule')
  update(
    @Param('ruleId', new ZodValidationPipe(alertRuleIdParamSchema, 'param')) ruleId: AlertRuleId,
    @Body(new ZodValidationPipe(alertRuleUpdateSchema)) body: AlertRuleUpdate,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.rules.update(ruleId, body, actorOf(req));
  }
}
