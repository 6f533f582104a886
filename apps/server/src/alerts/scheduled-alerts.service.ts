/**
 * One scheduled round of the alerts (scheduler role): the absence rules (a coach offline, a silent
 * device), which no incoming data can trigger, and the escalation of alerts still unacknowledged
 * after their rule's `escalateAfterMin` (wall clock: it measures how long people have left it).
 * One runner per round across processes (a transaction-scoped advisory lock); the conditions' row
 * locks and the "newer observations only" rule make a second runner harmless anyway.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withAdvisoryXactLock } from '../common/advisory-lock';
import { absenceClock, absenceConditions, dataClockOf } from './absence-conditions';
import { AlertEngine, type AlertChangeNotice } from './alert-engine';
import { AlertNotifier } from './alert-notifier';
import { AlertsRepository } from './alerts.repository';

export const ALERTS_ROUND_LOCK = 'alerts.scheduled-round';

@Injectable()
export class ScheduledAlertsService {
  /** Wall clock (ms); replaced in tests. */
  now: () => number = () => Date.now();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly engine: AlertEngine,
    private readonly notifier: AlertNotifier,
  ) {}

  async round(): Promise<{ ran: boolean; notices: AlertChangeNotice[] }> {
    const outcome = await withAdvisoryXactLock(this.dataSource, ALERTS_ROUND_LOCK, async (m) => {
      const activity = await this.repository.vehicleActivity(m);
      const clock = absenceClock(this.now(), dataClockOf(activity));
      const notices = clock === null ? [] : await this.engine.evaluateIn(m, absenceConditions(activity, clock));
      const escalated = await this.repository.escalateDue(m);
      await this.repository.insertHistory(
        m,
        escalated.map((a) => ({
          alertId: a.id,
          ruleId: a.rule_id,
          vehicleId: a.vehicle_id,
          kind: 'escalated' as const,
          fromState: a.state,
          toState: a.state,
          severity: a.severity,
          actor: 'system',
          comment: 'not acknowledged in time',
        })),
      );
      return [...notices, ...escalated.map((a) => ({ alertId: a.id, change: 'escalated' as const }))];
    });
    if (!outcome.ran) return { ran: false, notices: [] };
    await this.notifier.publish(outcome.result);
    return { ran: true, notices: outcome.result };
  }
}
