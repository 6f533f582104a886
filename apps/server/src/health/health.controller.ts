import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
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
  @ApiOkResponse({ description: 'Database and broker reachable' })
  @ApiServiceUnavailableResponse({ description: 'One of them is down; the body says which' })
  async check(@Res() res: Response): Promise<void> {
    const started = Date.now();
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => ({ status: 'up' as const, kind: this.runtime.databaseKind, latencyMs: Date.now() - started }))
      .catch((error: Error) => ({ status: 'down' as const, kind: this.runtime.databaseKind, error: error.message }));
    const broker = { status: this.mqtt.connected ? ('up' as const) : ('down' as const), kind: this.runtime.mqttKind };
    const ok = database.status === 'up' && broker.status === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', database, broker });
  }
}
