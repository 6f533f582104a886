/**
 * Prometheus metrics. One registry per app instance (not prom-client's global one), so that
 * several apps in one process (tests) do not collide.
 */
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly ingestMessages = new Counter({
    name: 'ingest_messages_total',
    help: 'MQTT messages handled by the ingest, by stream and outcome (stored, duplicate, rejected)',
    labelNames: ['stream', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Why messages are refused: the same codes as dead_letter.code (libs/contract validate.ts). */
  readonly ingestRejections = new Counter({
    name: 'ingest_rejections_total',
    help: 'MQTT messages dead-lettered by the ingest, by stream and rejection code',
    labelNames: ['stream', 'code'] as const,
    registers: [this.registry],
  });

  readonly ingestBatchSeconds = new Histogram({
    name: 'ingest_batch_seconds',
    help: 'Time to write one batch in one database transaction',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly ingestBatchSize = new Histogram({
    name: 'ingest_batch_messages',
    help: 'Messages per committed batch',
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
    registers: [this.registry],
  });

  // Lag is measured on the server's clock, from receipt to commit: unit clocks (and the simulator's
  // compressed time) say nothing about how far behind the ingest is.
  readonly ingestLagSeconds = new Histogram({
    name: 'ingest_lag_seconds',
    help: 'Time from a message reaching the server to its transaction committing',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly ingestBuffered = new Gauge({
    name: 'ingest_buffered_messages',
    help: 'Messages received and not yet committed',
    registers: [this.registry],
  });

  readonly ingestBatchFailures = new Counter({
    name: 'ingest_batch_failures_total',
    help: 'Batches whose transaction failed and was retried',
    registers: [this.registry],
  });

  readonly acksPublished = new Counter({
    name: 'ingest_acks_published_total',
    help: 'Ack watermarks published to vehicles',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
