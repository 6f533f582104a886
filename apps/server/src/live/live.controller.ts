import { Controller, type MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { LiveMessage } from '@app/contract';
import { filter, map, type Observable } from 'rxjs';
import { LiveBus } from './live-bus.service';

/** Alerts (the header's count) and resyncs concern every page, whatever vehicle it follows. */
const forEveryPage = (m: LiveMessage) => m.kind === 'alert' || m.kind === 'resync';

@ApiTags('live')
@Controller('api/v1/live')
export class LiveController {
  constructor(private readonly bus: LiveBus) {}

  @Sse()
  @ApiOperation({
    summary: 'Server-sent events of what was just committed: telemetry (latest sample per vehicle and batch), events, status, alerts',
    description: 'Each event is named by its `kind` (`telemetry`, `event`, `status`, `alert`, `resync`); its data is the JSON message ' +
      '(libs/contract/src/live.ts). Pushed by every API process, whichever process committed the data (PostgreSQL LISTEN/NOTIFY). ' +
      '`resync`: messages may have been missed, re-read the state.',
  })
  @ApiQuery({ name: 'vehicleId', required: false, description: 'Only this vehicle (alerts and resyncs are always sent)' })
  @ApiOkResponse({ description: 'text/event-stream of {kind, vehicleId, …} messages' })
  stream(@Query('vehicleId') vehicleId?: string): Observable<MessageEvent> {
    return this.bus.messages.pipe(
      filter((m) => !vehicleId || m.vehicleId === vehicleId || forEveryPage(m)),
      map((m) => ({ type: m.kind, data: m })),
    );
  }
}
