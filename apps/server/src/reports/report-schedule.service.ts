/**
 * One scheduled round of the reports (scheduler role): reads the data's clock, and when a nightly
 * interim report or the final report is due (report-schedule.ts) and not stored yet, generates it
 * in French and English. Exactly once across processes: one runner per round (the session
 * advisory lock: a build takes seconds of many queries, which a transaction-scoped lock would
 * hold a transaction open across — on PGlite a deadlock), "not stored yet" checked under the
 * lock, and the unique index of report_version behind both. A round waits while rollups are
 * behind the data, so a report never reads a half-rolled-up day.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REPORT_LANGS } from '@app/contract';
import { absenceClock } from '../alerts/absence-conditions';
import { RollupRepository } from '../analytics/rollup.repository';
import { withSessionAdvisoryLock } from '../common/advisory-lock';
import { ApiException } from '../common/api-error';
import { RUNTIME, type Runtime } from '../runtime';
import { TrialService } from '../trial/trial.service';
import { dueReport, type CoachClock, type DueReport } from './report-schedule';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

export const REPORTS_SCHEDULE_LOCK = 'reports.schedule';

export interface ScheduleRound {
  ran: boolean;
  due: DueReport;
  generated: string[];
  waiting?: 'rollups' | 'stored' | 'trial_not_reportable';
}

@Injectable()
export class ReportScheduleService {
  private readonly logger = new Logger(ReportScheduleService.name);
  /** Wall clock (ms); replaced in tests. */
  now: () => number = () => Date.now();
  private running: Promise<ScheduleRound> | null = null;
  private warnedUnreportable = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReportsRepository,
    private readonly rollups: RollupRepository,
    private readonly reports: ReportsService,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly trial: TrialService,
  ) {}

  /** A round for `period`, by default the trial configuration's. */
  round(period?: { from: string; to: string }): Promise<ScheduleRound> {
    // In one process, a second caller joins the round in flight (PGlite's lock is this guard).
    this.running ??= withSessionAdvisoryLock(this.dataSource, this.runtime.databaseKind, REPORTS_SCHEDULE_LOCK, async () =>
      this.dueNow(period ?? (await this.trial.sides())),
    )
      .then((o) => (o.ran ? o.result : { ran: false, due: null, generated: [] }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async dueNow(period: { from: string; to: string }): Promise<ScheduleRound> {
    const coaches: CoachClock[] = (await this.repository.vehicleClocks()).map((c) => ({
      vehicleId: c.vehicle_id,
      lastTs: c.last_ts?.getTime() ?? null,
      lastEventType: c.last_event_type,
      lastEventTs: c.last_event_ts?.getTime() ?? null,
    }));
    const newest = coaches.reduce<number | null>((m, c) => (c.lastTs === null ? m : Math.max(m ?? -Infinity, c.lastTs)), null);
    const due = dueReport(
      period,
      absenceClock(this.now(), newest),
      coaches.filter((c) => c.lastTs !== null),
    );
    if (!due) return { ran: true, due, generated: [] };
    if (await this.repository.hasVersion(due.kind, due.from, due.to)) return { ran: true, due, generated: [], waiting: 'stored' };
    if ((await this.rollups.dirtyDays(this.dataSource, 1)).length) return { ran: true, due, generated: [], waiting: 'rollups' };
    let files: Awaited<ReturnType<ReportsService['generateLanguages']>>;
    try {
      files = await this.reports.generateLanguages(due.kind, due, REPORT_LANGS, { trigger: 'schedule' });
    } catch (error) {
      if (!(error instanceof ApiException && error.body.code === 'trial_not_reportable')) throw error;
      // A configuration the report cannot cover yet: said once, not every round.
      if (!this.warnedUnreportable) this.logger.warn(`scheduled ${due.kind} report skipped: ${error.body.message}`);
      this.warnedUnreportable = true;
      return { ran: true, due, generated: [], waiting: 'trial_not_reportable' };
    }
    this.warnedUnreportable = false;
    this.logger.log(
      `scheduled ${due.kind} report ${due.from}…${due.to}: ${files.map((f) => `${f.version.lang} ${f.version.id}`).join(', ')}`,
    );
    return { ran: true, due, generated: files.map((f) => f.version.id) };
  }
}
