import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /api/docs (UI) and /api/docs-json. The MQTT side is in docs/asyncapi.yaml. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Line 101 CNG coach trial API')
    .setDescription('Telemetry, analytics, passenger ratings and driver questionnaires of the Hérault Transport GNV trial. The on-board MQTT interface is documented in docs/asyncapi.yaml.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'api/docs-json' });
}
