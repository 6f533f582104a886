import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LiveMessage } from '@app/contract';
import { filter, map, type Observable } from 'rxjs';
import { liveQuerySchema, type LiveQuery } from '@app/contract';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ZodQuery } from '../common/zod-query';
import { LiveBus } from './live-bus.service';
import { Auth } from '../auth/auth.decorators';

/** Alerts (the header's count) and resyncs concern every page, whatever vehicle it follows. */
const forEveryPage = (m: LiveMessage) => m.kind === 'alert' || m.kind === 'resync';

@ApiTags('live')
@Controller('api/v1/live')
export class LiveController {
  constructor(private readonly bus: LiveBus) {}

  @Sse()
  @Auth('live.read')
  @ApiOperation({
    summary: 'Server-sent events of what was just committed: telemetry (latest sample per vehicle and batch), events, status, alerts',
    description:
      'Each event is named by its `kind` (`telemetry`, `event`, `status`, `alert`, `resync`); its data is the JSON message ' +
      '(libs/contract/src/live.ts). Pushed by every API process, whichever process committed the data (PostgreSQL LISTEN/NOTIFY). ' +
      '`resync`: messages may have been missed, re-read the state. `vehicleId` filters the vehicle messages; alerts and resyncs are always sent.',
  })
  @ApiOkResponse({
    description: 'Server-sent events: `event:` the message kind; `data:` the JSON message `{kind, vehicleId, …}`',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiQueryErrorResponse()
  stream(@ZodQuery(liveQuerySchema) q: LiveQuery): Observable<MessageEvent> {
    return this.bus.messages.pipe(
      filter((m) => !q.vehicleId || m.vehicleId === q.vehicleId || forEveryPage(m)),
      map((m) => ({ type: m.kind, data: m })),
    );
  }
}
