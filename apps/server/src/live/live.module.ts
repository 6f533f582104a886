import { Global, Module } from '@nestjs/common';
import { PgLiveBridge } from '../infra/pg-live-bridge';
import { LiveBus } from './live-bus.service';
import { LiveController } from './live.controller';

/** The live bus, its SSE endpoint, and the bridge that carries it between processes (PostgreSQL only). */
@Global()
@Module({ controllers: [LiveController], providers: [LiveBus, PgLiveBridge], exports: [LiveBus, PgLiveBridge] })
export class LiveModule {}
