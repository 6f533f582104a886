import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { filter, map, type Observable } from 'rxjs';
import { liveQuerySchema, type LiveQuery } from '@app/contract';
import { ApiQueryErrorResponse } from '../common/openapi-errors';
import { ZodQuery } from '../common/zod-query';
import { LiveBus } from './live-bus.service';
import { Auth } from '../auth/auth.decorators';

@ApiTags('live')
@Controller('api/v1/live')
export class LiveController {
  constructor(private readonly bus: LiveBus) {}

  /** Server-sent events of committed telemetry, events and status changes. */
  @Sse()
  @Auth('live.read')
  @ApiOkResponse({
    description: 'Server-sent events: `event:` telemetry, event or status; `data:` the JSON message `{kind, vehicleId, …}`',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiQueryErrorResponse()
  stream(@ZodQuery(liveQuerySchema) q: LiveQuery): Observable<MessageEvent> {
    return this.bus.messages.pipe(
      filter((m) => !q.vehicleId || m.vehicleId === q.vehicleId),
      map((m) => ({ type: m.kind, data: m })),
    );
  }
}
