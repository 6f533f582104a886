/**
 * Silences and maintenance windows (libs/contract alerts.ts says what each does). Creating or
 * deleting one is recorded in the history, and re-flags the open alerts it covers, so that the
 * header's count follows at once (notified as `silenced` / `unsilenced`).
 */
import { Injectable } from '@nestjs/common';
import type { SilenceCreate, SilenceRecord } from '@app/contract';
import type { EntityManager } from 'typeorm';
import { ApiException } from '../common/api-error';
import { covers } from './alert-engine';
import { AlertNotifier } from './alert-notifier';
import { toSilenceRecord } from './alert-records';
import { AlertsRepository, type SilenceRow } from './alerts.repository';

@Injectable()
export class SilencesService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly notifier: AlertNotifier,
  ) {}

  async list(includeDeleted: boolean): Promise<SilenceRecord[]> {
    return (await this.repository.silences(includeDeleted)).map(toSilenceRecord);
  }

  async create(input: SilenceCreate, actor: string): Promise<SilenceRecord> {
    const { row, notices } = await this.repository.transaction(async (m) => {
      const row = await this.repository.insertSilence(m, input, actor);
      await this.repository.insertHistory(m, [
        {
          alertId: null,
          ruleId: row.rule_id,
          vehicleId: row.vehicle_id,
          kind: 'silence_created',
          actor,
          comment: row.reason,
          details: { silence: toSilenceRecord(row) },
        },
      ]);
      return { row, notices: row.kind === 'silence' ? await this.reflag(m, row) : [] };
    });
    await this.notifier.publish(notices);
    return toSilenceRecord(row);
  }

  async remove(id: number, actor: string): Promise<SilenceRecord> {
    const { row, notices } = await this.repository.transaction(async (m) => {
      const row = await this.repository.deleteSilence(m, id, actor);
      if (!row) throw new ApiException(404, 'not_found', `no silence ${id} (or it was deleted already)`);
      await this.repository.insertHistory(m, [
        {
          alertId: null,
          ruleId: row.rule_id,
          vehicleId: row.vehicle_id,
          kind: 'silence_deleted',
          actor,
          comment: row.reason,
          details: { silence: toSilenceRecord(row) },
        },
      ]);
      return { row, notices: row.kind === 'silence' ? await this.reflag(m, row) : [] };
    });
    await this.notifier.publish(notices);
    return toSilenceRecord(row);
  }

  /** Open alerts the silence covers get `silenced` = whether any active silence covers them now. */
  private async reflag(m: EntityManager, silence: SilenceRow): Promise<Array<{ alertId: string; change: 'silenced' | 'unsilenced' }>> {
    const open = await this.repository.openAlertsMatching(m, silence.rule_id, silence.vehicle_id);
    const active = await this.repository.activeSilences(m);
    const flip = open
      .map((a) => ({ a, silenced: active.some((s) => covers(s, a.rule_id, a.vehicle_id)) }))
      .filter(({ a, silenced }) => a.silenced !== silenced);
    await this.repository.setSilenced(
      m,
      flip.filter((f) => f.silenced).map((f) => f.a.id),
      true,
    );
    await this.repository.setSilenced(
      m,
      flip.filter((f) => !f.silenced).map((f) => f.a.id),
      false,
    );
    return flip.map(({ a, silenced }) => ({ alertId: a.id, change: silenced ? ('silenced' as const) : ('unsilenced' as const) }));
  }
}
