import { Controller, type MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { filter, map, type Observable } from 'rxjs';
import { LiveBus } from './live-bus.service';

@ApiTags('live')
@Controller('api/v1/live')
export class LiveController {
  constructor(private readonly bus: LiveBus) {}

  /** Server-sent events of committed telemetry, events and status changes. */
  @Sse()
  @ApiQuery({ name: 'vehicleId', required: false })
  @ApiOkResponse({ description: 'text/event-stream of {kind, vehicleId, …} messages' })
  stream(@Query('vehicleId') vehicleId?: string): Observable<MessageEvent> {
    return this.bus.messages.pipe(
      filter((m) => !vehicleId || m.vehicleId === vehicleId),
      map((m) => ({ type: m.kind, data: m })),
    );
  }
}
