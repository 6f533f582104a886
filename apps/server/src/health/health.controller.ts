import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { healthSchema, type Health } from '@app/contract';
import { ApiZodResponse, responseRef } from '../common/openapi-zod';
import { Public } from '../auth/auth.decorators';
import { MqttService } from '../mqtt/mqtt.service';
import { RUNTIME, type Runtime } from '../runtime';

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mqtt: MqttService,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Get()
  @ApiZodResponse(healthSchema, { description: 'Database and broker reachable' })
  @ApiResponse({ status: 503, description: 'One of them is down; the body says which', schema: responseRef(healthSchema) })
  async check(@Res() res: Response): Promise<void> {
    const started = Date.now();
    const database: Health['database'] = await this.dataSource
      .query('SELECT 1')
      .then(() => ({ status: 'up' as const, kind: this.runtime.databaseKind, latencyMs: Date.now() - started }))
      .catch((error: Error) => ({ status: 'down' as const, kind: this.runtime.databaseKind, error: error.message }));
    const broker: Health['broker'] = {
      status: !this.mqtt.used ? 'unused' : this.mqtt.connected ? 'up' : 'down',
      kind: this.runtime.mqttKind,
    };
    const ok = database.status === 'up' && broker.status !== 'down';
    const body: Health = { status: ok ? 'ok' : 'degraded', database, broker };
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }
}
