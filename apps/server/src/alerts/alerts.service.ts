/**
 * Reading and acting on alerts: the list and its filters, one alert with its history, the audit
 * history, and acknowledgements (who, when, and a required comment; the first one is kept).
 */
import { Injectable } from '@nestjs/common';
import type { AlertDetail, AlertHistoryEntry, AlertHistoryQuery, AlertListQuery, AlertRecord } from '@app/contract';
import { ApiException } from '../common/api-error';
import { AlertNotifier } from './alert-notifier';
import { toAlertRecord, toHistoryEntry } from './alert-records';
import { AlertsRepository } from './alerts.repository';

@Injectable()
export class AlertsService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly notifier: AlertNotifier,
  ) {}

  async list(q: Omit<AlertListQuery, 'format'>): Promise<AlertRecord[]> {
    return (await this.repository.listAlerts(q)).map(toAlertRecord);
  }

  async detail(id: number): Promise<AlertDetail> {
    const row = await this.repository.alert(id);
    if (!row) throw new ApiException(404, 'not_found', `no alert ${id}`);
    return { ...toAlertRecord(row), history: (await this.repository.alertHistory(id)).map(toHistoryEntry) };
  }

  async history(q: Omit<AlertHistoryQuery, 'format'>): Promise<AlertHistoryEntry[]> {
    return (await this.repository.history(q)).map(toHistoryEntry);
  }

  async acknowledge(id: number, actor: string, comment: string): Promise<AlertDetail> {
    await this.repository.transaction(async (m) => {
      const row = await this.repository.acknowledge(m, id, actor, comment);
      if (!row) {
        const existing = await this.repository.alert(id, m);
        if (!existing) throw new ApiException(404, 'not_found', `no alert ${id}`);
        throw new ApiException(
          409,
          'already_acknowledged',
          `alert ${id} was acknowledged by ${existing.acknowledged_by} at ${existing.acknowledged_at?.toISOString()}`,
        );
      }
      await this.repository.insertHistory(m, [
        {
          alertId: row.id,
          ruleId: row.rule_id,
          vehicleId: row.vehicle_id,
          kind: 'acknowledged',
          fromState: row.state,
          toState: row.state,
          severity: row.severity,
          actor,
          comment,
        },
      ]);
    });
    await this.notifier.publish([{ alertId: String(id), change: 'acknowledged' }]);
    return this.detail(id);
  }
}
