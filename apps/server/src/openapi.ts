import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { SECURE_SESSION_COOKIE } from './auth/session-cookie';
import { DATABASE_RETRY_AFTER_S } from './common/api-error-mapping';
import { API_ERROR_SCHEMA } from './common/openapi-errors';
import { responseComponents } from './common/openapi-zod';

/** OpenAPI document at /api/docs (UI) and /api/docs-json. The MQTT side is in docs/asyncapi.json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Line 101 CNG coach trial API')
    .setDescription(
      'Telemetry, analytics, passenger ratings and driver questionnaires of the Hérault Transport GNV trial. ' +
        'Every error has one body, `{ statusCode, code, message, errors: [{ path, code, message }] }`; the codes are listed in docs/errors.md. ' +
        'The on-board MQTT interface is documented in docs/contract.md and docs/asyncapi.json.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth(SECURE_SESSION_COOKIE)
    .build();
  SwaggerModule.setup('api/docs', app, () => withResponseSchemas(withDatabaseUnavailable(SwaggerModule.createDocument(app, config))), {
    jsonDocumentUrl: 'api/docs-json',
  });
}

/** The live stream is fed from memory; every other API operation reads the database. */
const NOT_DATABASE_BACKED = new Set(['/api/v1/live']);

/** Documents the 503 of every database-backed operation (the exception filter answers it). */
function withDatabaseUnavailable(doc: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/') || NOT_DATABASE_BACKED.has(path)) continue;
    for (const op of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!op || op.responses['503']) continue;
      op.responses['503'] = {
        description: `\`database_unavailable\`: the database is unreachable; retry after the Retry-After header (${DATABASE_RETRY_AFTER_S} s)`,
        headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
        content: { 'application/json': { schema: API_ERROR_SCHEMA } },
      };
    }
  }
  return doc;
}

/** The named response schemas of libs/contract, which the routes' success responses refer to (ApiZodResponse). */
function withResponseSchemas(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...responseComponents() } };
  return doc;
}
