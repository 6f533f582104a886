/**
 * The global exception filter: every error an HTTP request ends with leaves in the one error body
 * (api-error-mapping.ts). Registered by http-boundary.ts for the routes, the unknown-route handler
 * and the body parser alike.
 */
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toApiError } from './api-error-mapping';

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const { body, headers, unexpected } = toApiError(exception);
    if (unexpected) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    else if (body.code === 'database_unavailable') this.logger.warn(`database unavailable: ${(exception as Error).message}`);
    if (res.headersSent) {
      // A stream already started (CSV): cut it so that the client sees it is incomplete.
      res.destroy();
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.removeHeader('Content-Disposition');
    res.status(body.statusCode).type('application/json').json(body);
  }
}
