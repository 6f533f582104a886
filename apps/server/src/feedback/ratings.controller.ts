/** HTTP of passenger ratings: thin, the rules are in RatingsService. */
import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  batchResultSchema,
  MAX_FUTURE_SKEW_MS,
  RATING_BATCH_MAX,
  TABLET_MIN_INTERVAL_MS,
  ratingBatchEnvelopeSchema,
  ratingBatchSchema,
  ratingPageSchema,
  ratingQuerySchema,
  ratingSubmissionSchema,
  submissionResultSchema,
  type BatchResult,
  type RatingQuery,
  type RatingSubmission,
  type SubmissionResult,
} from '@app/contract';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Auth } from '../auth/auth.decorators';
import { sendCsv, wantsCsv } from '../common/csv-response';
import { API_ERROR_SCHEMA } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Tablet, TabletGuard, type TabletPrincipal } from './feedback-auth.guards';
import { ERROR_RESPONSES } from './openapi-docs';
import { RatingsService } from './ratings.service';

@ApiTags('feedback')
@Controller('api/v1/ratings')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post()
  @Auth('ratings.submit')
  @UseGuards(TabletGuard)
  @ApiOperation({
    summary: 'One passenger answer from a tablet (Authorization: Bearer <tablet token>)',
    description:
      'Idempotent on `id`: 201 `stored` the first time, 200 `duplicate` for the same body again, 409 `id_conflict` for the same id with another body. ' +
      `The ${TABLET_MIN_INTERVAL_MS / 1000}-second minimum between two answers of one tablet is judged on the tablet clock (\`answeredAt\`): 422 \`too_soon\`.`,
  })
  @ApiBody({ schema: openApiSchema(ratingSubmissionSchema) })
  @ApiZodResponse(submissionResultSchema, { status: 201, description: 'Stored' })
  @ApiZodResponse(submissionResultSchema, { description: 'Already stored (a retry)' })
  @ApiResponse({ status: 400, ...ERROR_RESPONSES[400] })
  @ApiResponse({ status: 401, ...ERROR_RESPONSES[401] })
  @ApiResponse({ status: 413, ...ERROR_RESPONSES[413] })
  @ApiResponse({ status: 415, ...ERROR_RESPONSES[415] })
  @ApiResponse({ status: 403, description: "`vehicle_mismatch`: vehicleId is not the token's vehicle", schema: API_ERROR_SCHEMA })
  @ApiResponse({ status: 409, description: '`id_conflict`', schema: API_ERROR_SCHEMA })
  @ApiResponse({
    status: 422,
    description: `\`too_soon\` (< ${TABLET_MIN_INTERVAL_MS / 1000} s after another answer, tablet clock), \`answered_in_future\` (> ${MAX_FUTURE_SKEW_MS / 60_000} min ahead), \`unknown_vehicle\``,
    schema: API_ERROR_SCHEMA,
  })
  @ApiResponse({ status: 429, ...ERROR_RESPONSES[429] })
  async submit(
    @Tablet() tablet: TabletPrincipal,
    @Body(new ZodValidationPipe(ratingSubmissionSchema)) body: RatingSubmission,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionResult> {
    const result = await this.ratings.submit(tablet, body);
    res.status(result.status === 'stored' ? 201 : 200);
    return result;
  }

  @Post('batch')
  @HttpCode(200)
  @Auth('ratings.submit')
  @UseGuards(TabletGuard)
  @ApiOperation({
    summary: `Up to ${RATING_BATCH_MAX} answers at once (the tablet's outbox sync, the simulator)`,
    description:
      'Answers 200 with one result per item, in order. An invalid item does not fail the others: it gets `status: rejected`, its own `httpStatus` (400, 403, 409, 422) ' +
      'and `error` (same body as the single endpoint, field paths prefixed `ratings.<index>`). A 4xx for the whole request only when the envelope is wrong ' +
      `(not \`{ ratings: [1..${RATING_BATCH_MAX} items] }\`), the token is missing or unknown (401) or rate-limited (429).`,
  })
  @ApiBody({ schema: openApiSchema(ratingBatchSchema) })
  @ApiZodResponse(batchResultSchema, { description: 'Per-item results' })
  @ApiResponse({ status: 400, ...ERROR_RESPONSES[400] })
  @ApiResponse({ status: 401, ...ERROR_RESPONSES[401] })
  @ApiResponse({ status: 413, ...ERROR_RESPONSES[413] })
  @ApiResponse({ status: 415, ...ERROR_RESPONSES[415] })
  @ApiResponse({ status: 429, ...ERROR_RESPONSES[429] })
  submitBatch(
    @Tablet() tablet: TabletPrincipal,
    @Body(new ZodValidationPipe(ratingBatchEnvelopeSchema)) body: z.infer<typeof ratingBatchEnvelopeSchema>,
  ): Promise<BatchResult> {
    return this.ratings.submitBatch(tablet, body.ratings);
  }

  @Get()
  @Auth('ratings.read')
  @ApiOperation({
    summary: 'Stored ratings, oldest first (engineers)',
    description:
      'JSON pages (`limit`, `cursor`) or, with `format=csv` or `Accept: text/csv`, every matching row as CSV (UTC and Europe/Paris columns).',
  })
  @ApiZodResponse(ratingPageSchema, { csv: true, description: 'A page, or the CSV of every matching rating' })
  @ApiResponse({ status: 400, ...ERROR_RESPONSES[400] })
  async list(@ZodQuery(ratingQuerySchema) query: RatingQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (wantsCsv(query.format, req)) {
      const chunks = this.ratings.csv(query);
      await sendCsv(res, `ratings-${new Date().toISOString().slice(0, 10)}.csv`, chunks);
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(await this.ratings.page(query));
  }
}
