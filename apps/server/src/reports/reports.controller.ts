import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  reportGenerationSchema,
  reportListQuerySchema,
  reportRequestSchema,
  reportVersionSchema,
  type ReportFormat,
  type ReportListQuery,
  type ReportRequest,
  type ReportGeneration,
  type ReportVersion,
} from '@app/contract';
import { Auth } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/principal';
import { ApiException } from '../common/api-error';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { inlineStyleCsp } from './page-csp';
import { ReportsService } from './reports.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTENT_TYPES: Record<ReportFormat, string> = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' };

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @Auth('reports.generate')
  @ApiOperation({
    summary: 'Generate the experience report (retour d’expérience) of a period in one language, and store it as a version',
    description:
      'Built from the analytics (rollups) as they stand; the version records the digest of that data, the catalogue and code versions. ' +
      'From unchanged data the stored version is returned (200, `created: false`): the same input gives the same bytes.',
  })
  @ApiBody({ schema: openApiSchema(reportRequestSchema) })
  @ApiZodResponse(reportGenerationSchema, { status: 201, description: 'A new version' })
  @ApiZodResponse(reportGenerationSchema, { status: 200, description: 'The identical version already stored' })
  @ApiErrorResponse(400, '`validation_failed`, `unrecognized_key` or `period_too_long`')
  async generate(
    @Body(new ZodValidationPipe(reportRequestSchema)) body: ReportRequest,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportGeneration> {
    const r = await this.reports.generate(body, { trigger: 'api', createdBy: req.principal?.label ?? null });
    res.status(r.created ? 201 : 200);
    return r;
  }

  @Get()
  @Auth('reports.read')
  @ApiOperation({ summary: 'Stored versions of the report, newest first, with their download links' })
  @ApiZodResponse(z.array(reportVersionSchema))
  @ApiQueryErrorResponse()
  list(@ZodQuery(reportListQuerySchema) q: ReportListQuery): Promise<ReportVersion[]> {
    return this.reports.list(q);
  }

  @Get(':id.pdf')
  @Auth('reports.read')
  @ApiOperation({ summary: 'A version as PDF (A4, table of contents, page X of Y)' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({ status: 200, description: 'The PDF (attachment)', content: { 'application/pdf': { schema: { type: 'string' } } } })
  @ApiErrorResponse(404, '`not_found`: no such version')
  pdf(@Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.send(id, 'pdf', res);
  }

  @Get(':id.html')
  @Auth('reports.read')
  @ApiOperation({ summary: 'A version as a self-contained HTML page (readable offline)' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse({
    status: 200,
    description: 'The HTML page (inline, under a CSP that runs nothing)',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiErrorResponse(404, '`not_found`: no such version')
  html(@Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.send(id, 'html', res);
  }

  private async send(id: string, format: ReportFormat, res: Response): Promise<void> {
    if (!UUID.test(id)) throw new ApiException(404, 'not_found', 'no such report version');
    const { version: v, body } = await this.reports.file(id, format);
    const name = `retour-experience-${v.kind}-${v.from}-${v.to}-${v.lang}.${format}`;
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${name}"`);
    // A version never changes: its bytes are named by their digest.
    res.setHeader('ETag', `"${format === 'pdf' ? v.pdfSha256 : v.htmlSha256}"`);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The report runs no script and loads nothing: only its own inline styles and images.
    if (format === 'html') res.setHeader('Content-Security-Policy', `${inlineStyleCsp(body.toString('utf8'))}; sandbox`);
    res.send(body);
  }
}
