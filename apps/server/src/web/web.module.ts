import { Module } from '@nestjs/common';
import { WebAssetsService } from './web-assets.service';
import { WebController } from './web.controller';

/** Browser pages (role `api`). */
@Module({ controllers: [WebController], providers: [WebAssetsService], exports: [WebAssetsService] })
export class WebModule {}
