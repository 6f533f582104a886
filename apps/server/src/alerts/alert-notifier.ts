/**
 * Puts alert changes on the live bus once they are committed, so every page shows them with the
 * header's count (open alerts not silenced). A silenced alert is not notified: that is what a
 * silence is for (it stays in the list and the history). Best effort, like every live update:
 * the pages re-read the API on a resync.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { AlertChange } from '@app/contract';
import { LiveBus } from '../live/live-bus.service';
import { AlertsRepository } from './alerts.repository';
import { toAlertRecord } from './alert-records';

@Injectable()
export class AlertNotifier {
  private readonly logger = new Logger(AlertNotifier.name);

  constructor(
    private readonly repository: AlertsRepository,
    private readonly bus: LiveBus,
  ) {}

  async publish(notices: ReadonlyArray<{ alertId: string; change: AlertChange }>): Promise<void> {
    if (notices.length === 0) return;
    try {
      const rows = new Map((await this.repository.alertsByIds([...new Set(notices.map((n) => n.alertId))])).map((r) => [r.id, r]));
      const openCount = await this.repository.openCount();
      for (const n of notices) {
        const row = rows.get(n.alertId);
        if (!row) continue;
        const muted = row.silenced && n.change !== 'silenced';
        if (muted) continue;
        const alert = toAlertRecord(row);
        this.bus.publish({ kind: 'alert', vehicleId: alert.vehicleId, change: n.change, alert, openCount });
      }
    } catch (error) {
      this.logger.warn(`alert notifications not sent: ${(error as Error).message}`);
    }
  }
}
