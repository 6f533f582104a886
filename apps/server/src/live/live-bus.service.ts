/**
 * The bus of what has just been committed, the one publisher API of the live views:
 *  - `publish(message)`: called once the data is durable (the ingest after its batch's commit, the
 *    alerts after their transition's commit), so a dashboard never shows what a rollback takes
 *    back. The message goes to this process's live subscribers and, through the bridge
 *    (infra/pg-live-bridge.ts, PostgreSQL LISTEN/NOTIFY), to every other process serving the API.
 *  - `messages`: every live message for this process's SSE subscribers, its own and the other
 *    processes' (each delivered once: the bridge drops its own process's messages).
 *  - `committed`: the full detail of what THIS process committed, never bridged. Consumers that
 *    must see every commit exactly once across processes (the alerts' evaluation) read it: each
 *    batch is committed by exactly one process, so it is judged by exactly one.
 */
import { Injectable } from '@nestjs/common';
import type { LiveMessage, Telemetry, TelemetryEvent } from '@app/contract';
import { Subject } from 'rxjs';

export type { LiveMessage } from '@app/contract';

/** What a commit stored, for in-process consumers (alerts). */
export type CommittedData =
  | {
      kind: 'ingest';
      telemetry: Telemetry[];
      events: TelemetryEvent[];
      vibration: Array<{ vehicleId: string; ts: string }>;
      deadLetters: Array<{ vehicleId: string | null; ts: string | null }>;
      /** Every message of the batch (stored, duplicate, dead-lettered, statuses). */
      messages: number;
    }
  | { kind: 'ratings'; vehicleIds: string[] };

@Injectable()
export class LiveBus {
  readonly messages = new Subject<LiveMessage>();
  readonly committed = new Subject<CommittedData>();
  private outbound: ((message: LiveMessage) => void) | null = null;

  publish(message: LiveMessage): void {
    this.deliver(message);
    this.outbound?.(message);
  }

  /** A message for this process's subscribers only (the bridge's inbound side). */
  deliver(message: LiveMessage): void {
    if (this.messages.observed) this.messages.next(message);
  }

  /** The bridge to the other processes; null detaches it. */
  setOutbound(send: ((message: LiveMessage) => void) | null): void {
    this.outbound = send;
  }

  publishCommitted(data: CommittedData): void {
    if (this.committed.observed) this.committed.next(data);
  }
}
