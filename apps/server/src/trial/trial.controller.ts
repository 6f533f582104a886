/** HTTP of the trial configuration: thin, the rules are in TrialService. */
import { Body, Controller, Get, Header, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { trialConfigSchema, trialUpdateSchema, type TrialConfig, type TrialUpdate } from '@app/contract';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { TrialService } from './trial.service';

@ApiTags('trial')
@Controller('api/v1')
export class TrialController {
  constructor(private readonly trial: TrialService) {}

  @Get('trial')
  @Auth('trial.read')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The trial configuration: name, period, which vehicles are candidates and which are references' })
  @ApiZodResponse(trialConfigSchema, { description: 'The configuration' })
  get(): Promise<TrialConfig> {
    return this.trial.config();
  }

  @Put('admin/trial')
  @Auth('trial.manage')
  @ApiOperation({
    summary:
      'Replace the trial configuration (admins): every vehicle once with its role, at least one candidate and one reference; the comparison, dashboard and report follow it',
  })
  @ApiBody({ schema: openApiSchema(trialUpdateSchema) })
  @ApiZodResponse(trialConfigSchema, { description: 'The configuration after the change' })
  @ApiErrorResponse(400, '`validation_failed` (`errors[].code` `duplicate_vehicle`, `missing_role`) or `period_too_long`')
  @ApiErrorResponse(422, '`unknown_vehicle`: `errors[].path` names each vehicle that is not registered')
  update(
    @Body(new ZodValidationPipe(trialUpdateSchema)) body: TrialUpdate,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TrialConfig> {
    return this.trial.update(body, principal.label);
  }
}
