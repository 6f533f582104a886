/**
 * What every HTTP request goes through before and after its route, in this order:
 *  1. security headers on every response — routes, 404s, errors, JSON included (NestJS 12
 *     `useSecurityHeaders()`: Helmet 8's defaults), then the CSRF check of state-changing requests
 *     (`enableCsrfProtection()`: Sec-Fetch-Site, else Origin against Host; docs/security.md). Both
 *     run before the body is read, so a refused request is never parsed;
 *  2. the JSON body parser (with its size limit), the JSON-only guard (415);
 *  3. the global exception filter, so that every error the server sends, from a cross-site POST
 *     or a bad byte of JSON to an unreachable database, has the one error shape.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { JSON_BODY_LIMIT_BYTES } from './api-error-mapping';
import { ApiExceptionFilter } from './api-exception.filter';
import { JsonBodyGuard } from './json-body.guard';

/**
 * A request that carries its credential in the Authorization header (tablets, drivers, machines'
 * API tokens) cannot be forged by another site: a page cannot set that header on a cross-origin
 * request without a CORS preflight, which this server never grants, and the credential service
 * ignores the session cookie when the header is present. Only cookie-borne requests need the check.
 */
const carriesAuthorization = (req: Request): boolean => req.headers.authorization !== undefined;

/** Call on an app created with `bodyParser: false`: JSON is the only body type this API reads. */
export function applyHttpBoundary(app: NestExpressApplication): void {
  app.useSecurityHeaders({
    contentSecurityPolicy: {
      // The server speaks plain HTTP on 127.0.0.1 in development (TLS is a proxy's job in
      // production, with HSTS): an upgrade to https there would break the API document's page.
      directives: { upgradeInsecureRequests: null, frameAncestors: ["'none'"] },
    },
    xFrameOptions: { action: 'deny' },
  });
  app.enableCsrfProtection({ exclude: carriesAuthorization });
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES });
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalGuards(new JsonBodyGuard());
}
