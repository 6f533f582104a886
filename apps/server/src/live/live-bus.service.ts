/**
 * In-process bus of what the ingest has just committed, for live views (SSE). Only committed data
 * is published: a dashboard never shows a sample that a rollback would take back.
 */
import { Injectable } from '@nestjs/common';
import type { Telemetry, TelemetryEvent } from '@app/contract';
import { Subject } from 'rxjs';

export type LiveMessage =
  | { kind: 'telemetry'; vehicleId: string; sample: Telemetry }
  | { kind: 'event'; vehicleId: string; event: TelemetryEvent }
  | { kind: 'status'; vehicleId: string; online: boolean; ts: string };

@Injectable()
export class LiveBus {
  readonly messages = new Subject<LiveMessage>();

  publish(message: LiveMessage): void {
    if (this.messages.observed) this.messages.next(message);
  }
}
