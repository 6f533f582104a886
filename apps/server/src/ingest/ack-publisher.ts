/**
 * Publishes the retained `fleet/{id}/ack` of CONTRACT.md, only ever after the transaction holding
 * the acknowledged messages has committed.
 */
import { Injectable, Logger } from '@nestjs/common';
import { type Ack, topicFor } from '@app/contract';
import { MetricsService } from '../metrics/metrics.service';
import { MqttService } from '../mqtt/mqtt.service';
import type { Watermarks } from './ingest.types';

@Injectable()
export class AckPublisher {
  private readonly logger = new Logger(AckPublisher.name);

  constructor(
    private readonly mqtt: MqttService,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Does not wait for the broker's PUBACK: while the ingest holds PUBACKs for back-pressure, mqtt.js
   * reads no incoming packet, so waiting here for one would deadlock the flush. mqtt.js keeps QoS 1
   * packets in its outgoing store and resends them on reconnect; a later batch supersedes them anyway.
   */
  publish(watermarks: Watermarks[], now = new Date()): void {
    for (const w of watermarks) {
      const ack: Ack = { ts: now.toISOString(), telemetry: w.telemetry, event: w.event, vibration: w.vibration };
      this.mqtt.client.publish(topicFor(w.vehicleId, 'ack'), JSON.stringify(ack), { qos: 1, retain: true }, (error) => {
        if (error) this.logger.warn(`ack for ${w.vehicleId} not delivered to the broker: ${error.message}`);
      });
    }
    this.metrics.acksPublished.inc(watermarks.length);
  }
}
