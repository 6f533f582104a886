/** Prometheus counters of the feedback endpoints, on the app's registry (see /metrics). */
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

export type FeedbackKind = 'rating' | 'driver_questionnaire';

@Injectable()
export class FeedbackMetrics {
  readonly submissions: Counter<'kind' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.submissions = new Counter({
      name: 'feedback_submissions_total',
      help: 'Passenger ratings and driver questionnaires by outcome (stored, duplicate, or the 4xx code that refused them)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  count(kind: FeedbackKind, outcome: string): void {
    this.submissions.inc({ kind, outcome });
  }
}

/** For unit tests and callers without metrics. */
export const NO_METRICS = { count: () => undefined } as unknown as FeedbackMetrics;
