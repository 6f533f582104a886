import { Global, Module } from '@nestjs/common';
import { LiveBus } from './live-bus.service';
import { LiveController } from './live.controller';

@Global()
@Module({ controllers: [LiveController], providers: [LiveBus], exports: [LiveBus] })
export class LiveModule {}
