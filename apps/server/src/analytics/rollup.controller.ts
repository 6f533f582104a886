import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { recomputeBodySchema, type RecomputeBody } from '@app/contract';
import { TRIAL_PERIOD } from '@app/data';
import { Auth } from '../auth/roles.guard';
import { ApiErrorResponse } from '../common/openapi-errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { RollupService } from './rollup.service';

@ApiTags('analytics')
@Controller('api/v1/analytics')
export class RollupController {
  constructor(private readonly rollups: RollupService) {}

  /**
   * Runs the rollups now instead of waiting for the scheduler (after a replay, in tests, for a
   * forced rebuild). An empty body means "what changed", as `{}` does.
   */
  @Post('rollups')
  @Auth('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recompute rollups now: every vehicle-day with new data, or (force) every day of a period' })
  @ApiOkResponse({ description: '{days: [{vehicleId, date, ms, trips, samples}]}' })
  @ApiErrorResponse(400, '`validation_failed` or `invalid_json`: `errors[].path` names each field')
  async run(@Body(new ZodValidationPipe(recomputeBodySchema.prefault({}))) body: RecomputeBody) {
    const days = body.force
      ? await this.rollups.recompute(body.vehicleId ?? null, body.from ?? TRIAL_PERIOD.from, body.to ?? TRIAL_PERIOD.to)
      : await this.rollups.runUntilClean();
    return { days };
  }
}
