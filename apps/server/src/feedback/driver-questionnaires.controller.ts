/** HTTP of the drivers' end-of-shift questionnaire: thin, the rules are in the service. */
import { Body, Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  driverQuestionnairePageSchema,
  driverQuestionnaireQuerySchema,
  driverQuestionnaireSchema,
  submissionResultSchema,
  type DriverQuestionnaireQuery,
  type DriverQuestionnaireSubmission,
  type SubmissionResult,
} from '@app/contract';
import type { Request, Response } from 'express';
import { Auth } from '../auth/auth.decorators';
import { sendCsv, wantsCsv } from '../common/csv-response';
import { API_ERROR_SCHEMA } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { DriverQuestionnairesService } from './driver-questionnaires.service';
import { Driver, DriverGuard, type DriverPrincipal } from './feedback-auth.guards';
import { ERROR_RESPONSES } from './openapi-docs';

@ApiTags('feedback')
@Controller('api/v1/driver-questionnaires')
export class DriverQuestionnairesController {
  constructor(private readonly questionnaires: DriverQuestionnairesService) {}

  @Post()
  @Auth('questionnaires.submit')
  @UseGuards(DriverGuard)
  @ApiOperation({
    summary: "A driver's end-of-shift questionnaire (Authorization: Bearer <driver code>)",
    description: "The code must be driverId's. Idempotent on `id` like ratings: 201 `stored`, 200 `duplicate`, 409 `id_conflict`.",
  })
  @ApiBody({ schema: openApiSchema(driverQuestionnaireSchema) })
  @ApiZodResponse(submissionResultSchema, { status: 201, description: 'Stored' })
  @ApiZodResponse(submissionResultSchema, { description: 'Already stored (a retry)' })
  @ApiResponse({ status: 400, ...ERROR_RESPONSES[400] })
  @ApiResponse({ status: 401, ...ERROR_RESPONSES[401] })
  @ApiResponse({ status: 413, ...ERROR_RESPONSES[413] })
  @ApiResponse({ status: 415, ...ERROR_RESPONSES[415] })
  @ApiResponse({ status: 403, description: "`driver_mismatch`: the code is not driverId's", schema: API_ERROR_SCHEMA })
  @ApiResponse({ status: 409, description: '`id_conflict`', schema: API_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: '`answered_in_future`, `unknown_vehicle`', schema: API_ERROR_SCHEMA })
  @ApiResponse({ status: 429, ...ERROR_RESPONSES[429] })
  async submit(
    @Driver() driver: DriverPrincipal,
    @Body(new ZodValidationPipe(driverQuestionnaireSchema)) body: DriverQuestionnaireSubmission,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionResult> {
    const result = await this.questionnaires.submit(driver, body);
    res.status(result.status === 'stored' ? 201 : 200);
    return result;
  }

  @Get()
  @Auth('questionnaires.read')
  @ApiOperation({ summary: 'Stored questionnaires, oldest first (engineers); JSON pages or CSV (`format=csv` or `Accept: text/csv`)' })
  @ApiZodResponse(driverQuestionnairePageSchema, { csv: true, description: 'A page, or the CSV of every matching questionnaire' })
  @ApiResponse({ status: 400, ...ERROR_RESPONSES[400] })
  async list(
    @ZodQuery(driverQuestionnaireQuerySchema) query: DriverQuestionnaireQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (wantsCsv(query.format, req)) {
      await sendCsv(res, `driver-questionnaires-${new Date().toISOString().slice(0, 10)}.csv`, this.questionnaires.csv(query));
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(await this.questionnaires.page(query));
  }
}
