/**
 * What every HTTP request goes through before and after its route: the JSON body parser (with
 * its size limit), the JSON-only guard (415) and the global exception filter, so that every error
 * the server sends, from a bad byte of JSON to an unreachable database, has the one error shape.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JSON_BODY_LIMIT_BYTES } from './api-error-mapping';
import { ApiExceptionFilter } from './api-exception.filter';
import { JsonBodyGuard } from './json-body.guard';

/** Call on an app created with `bodyParser: false`: JSON is the only body type this API reads. */
export function applyHttpBoundary(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES });
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalGuards(new JsonBodyGuard());
}
