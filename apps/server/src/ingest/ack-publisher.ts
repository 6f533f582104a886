/**
 * Publishes the retained `fleet/{id}/ack` of CONTRACT.md, only ever after the transaction holding
 * the acknowledged messages has committed.
 */
import { Injectable } from '@nestjs/common';
import { type Ack, topicFor } from '@app/contract';
import { MetricsService } from '../metrics/metrics.service';
import { MqttService } from '../mqtt/mqtt.service';
import type { Watermarks } from './ingest.types';

@Injectable()
export class AckPublisher {
  constructor(private readonly mqtt: MqttService, private readonly metrics: MetricsService) {}

  async publish(watermarks: Watermarks[], now = new Date()): Promise<void> {
    await Promise.all(
      watermarks.map((w) => {
        const ack: Ack = { ts: now.toISOString(), telemetry: w.telemetry, event: w.event, vibration: w.vibration };
        return this.mqtt.client.publishAsync(topicFor(w.vehicleId, 'ack'), JSON.stringify(ack), { qos: 1, retain: true });
      }),
    );
    this.metrics.acksPublished.inc(watermarks.length);
  }
}
