/**
 * Runs conditions through the state machine and keeps the alerts in step, exactly once per rule
 * and vehicle whichever process evaluates: in one transaction, the conditions' rows are locked
 * (state in the database, not in memory), each condition's new observations are judged from its
 * stored state and running figures, the transitions open, change or resolve its alert and write
 * the history, and the new state is stored. An observation not newer than the last one judged is
 * ignored, so a late or repeated evaluation changes nothing. The unique partial index on open
 * alerts is the last word: an alert that could not be opened because one is open joins that one.
 * Live notifications go out after the commit (AlertNotifier).
 */
import { Injectable, Logger } from '@nestjs/common';
import type { AlertChange, AlertRuleId, AlertRuleParams, AlertSeverity } from '@app/contract';
import { stepCondition, type ConditionState, type ConditionTransition, type Observation, type SignalValues } from '@app/domain';
import type { EntityManager } from 'typeorm';
import { AlertNotifier } from './alert-notifier';
import {
  AlertsRepository,
  type AlertRow,
  type ConditionRow,
  type ConditionUpdate,
  type NewHistory,
  type SilenceRow,
} from './alerts.repository';
import { alertSummary, conditionSpec, isAlertRuleId } from './rule-specs';

/** One condition to evaluate: how its new observations come out of its memory. */
export interface ConditionInput {
  ruleId: AlertRuleId;
  vehicleId: string;
  /** Observations newer than `afterTs` (the last one judged), in time order, and the updated memory. */
  observe(
    memory: Record<string, unknown>,
    params: AlertRuleParams,
    afterTs: number | null,
  ): { memory: Record<string, unknown>; observations: Observation[] };
}

export interface AlertChangeNotice {
  alertId: string;
  change: AlertChange;
}

const SYSTEM = 'system';

@Injectable()
export class AlertEngine {
  private readonly logger = new Logger(AlertEngine.name);

  constructor(
    private readonly repository: AlertsRepository,
    private readonly notifier: AlertNotifier,
  ) {}

  /** Evaluates in a transaction of its own, then notifies. */
  async evaluate(inputs: ConditionInput[]): Promise<AlertChangeNotice[]> {
    if (inputs.length === 0) return [];
    const notices = await this.repository.transaction((m) => this.evaluateIn(m, inputs));
    await this.notifier.publish(notices);
    return notices;
  }

  /** Evaluates inside the caller's transaction; the caller notifies after its commit. */
  async evaluateIn(m: EntityManager, inputs: ConditionInput[]): Promise<AlertChangeNotice[]> {
    const byKey = new Map(inputs.map((i) => [`${i.ruleId}|${i.vehicleId}`, i]));
    const rows = await this.repository.lockConditions(
      m,
      [...byKey.values()].map((i) => ({ ruleId: i.ruleId, vehicleId: i.vehicleId })),
    );

    const judged: Array<{ row: ConditionRow; rule: AlertRuleId; memory: Record<string, unknown>; observations: Observation[] }> = [];
    let minTs = Infinity;
    let maxTs = -Infinity;
    for (const row of rows) {
      if (!row.enabled || !isAlertRuleId(row.rule_id)) continue;
      const input = byKey.get(`${row.rule_id}|${row.vehicle_id}`)!;
      const { memory, observations } = input.observe(row.memory ?? {}, row.params, row.last_ts ? row.last_ts.getTime() : null);
      judged.push({ row, rule: row.rule_id, memory, observations });
      for (const o of observations) {
        minTs = Math.min(minTs, o.ts);
        maxTs = Math.max(maxTs, o.ts);
      }
    }
    const maintenance = maxTs >= minTs ? await this.repository.maintenanceWindows(m, new Date(minTs), new Date(maxTs)) : [];

    const notices: AlertChangeNotice[] = [];
    const history: NewHistory[] = [];
    const updates: ConditionUpdate[] = [];
    let silences: SilenceRow[] | null = null;
    const silencesNow = async () => (silences ??= await this.repository.activeSilences(m));

    for (const { row, rule, memory, observations } of judged) {
      const spec = conditionSpec(rule, row.params);
      const windows = maintenance.filter((w) => covers(w, rule, row.vehicle_id));
      const suppressedAt = (ts: number) => windows.some((w) => w.starts_at.getTime() <= ts && ts < w.ends_at.getTime());
      let state = stateOf(row);
      let alertId = row.alert_id;
      for (const obs of observations) {
        const r = stepCondition(state, obs, spec, { suppressed: suppressedAt(obs.ts) });
        state = r.state;
        for (const t of r.transitions) {
          alertId = await this.apply(
            m,
            { rule, vehicleId: row.vehicle_id, params: row.params, alertId, values: obs.values },
            t,
            silencesNow,
            notices,
            history,
          );
        }
      }
      updates.push({
        ruleId: rule,
        vehicleId: row.vehicle_id,
        phase: state.phase,
        since: toDate(state.since),
        severity: state.severity,
        pendingSince: toDate(state.pendingSince),
        lastTs: toDate(state.lastTs),
        lastValues: cleanValues(state.lastValues),
        memory,
        alertId: state.phase === 'normal' || state.phase === 'pending' ? null : alertId,
      });
    }
    await this.repository.insertHistory(m, history);
    await this.repository.saveConditions(m, updates);
    return notices;
  }

  /** One transition's effect on the condition's alert; the alert's id afterwards (null once resolved). */
  private async apply(
    m: EntityManager,
    c: { rule: AlertRuleId; vehicleId: string; params: AlertRuleParams; alertId: string | null; values: SignalValues },
    t: ConditionTransition,
    silencesNow: () => Promise<SilenceRow[]>,
    notices: AlertChangeNotice[],
    history: NewHistory[],
  ): Promise<string | null> {
    if (t.kind === 'pending' || t.kind === 'cancelled') return c.alertId;
    const values = cleanValues(c.values) ?? {};
    const at = new Date(t.ts);
    const silenced = (await silencesNow()).some((s) => covers(s, c.rule, c.vehicleId));
    const base = { ruleId: c.rule, vehicleId: c.vehicleId, actor: SYSTEM, dataTs: at, details: { values } };

    if (t.kind === 'firing') {
      const summary = alertSummary(c.rule, c.vehicleId, c.params, c.values, t.severity);
      const opened = await this.repository.openAlert(m, {
        ruleId: c.rule,
        vehicleId: c.vehicleId,
        severity: t.severity,
        summary,
        values,
        pendingSince: new Date(t.pendingSince),
        firedTs: at,
        silenced,
      });
      if (opened) {
        history.push({
          ...base,
          alertId: opened.id,
          kind: 'firing',
          fromState: 'pending',
          toState: 'firing',
          severity: t.severity,
          details: { values, pendingSince: new Date(t.pendingSince).toISOString() },
        });
        notices.push({ alertId: opened.id, change: 'firing' });
        return opened.id;
      }
      // The index refused a second open alert: this condition joins the one that is open.
      const existing = await this.repository.openAlertOf(m, c.rule, c.vehicleId);
      if (!existing) throw new Error(`alert for ${c.rule}/${c.vehicleId} neither opened nor found open`);
      this.logger.warn(`${c.rule}/${c.vehicleId}: an alert was already open (#${existing.id}); joined it`);
      await this.update(m, existing, { state: 'firing', severity: t.severity, values, silenced, summary });
      return existing.id;
    }

    const alert = c.alertId
      ? (await this.repository.alertsByIds([c.alertId], m))[0]
      : await this.repository.openAlertOf(m, c.rule, c.vehicleId);
    if (!alert || alert.state === 'resolved') return null; // resolved meanwhile (rule disabled): nothing left to change
    const severity = t.kind === 'severity' ? t.to : alert.severity;
    const summary = alertSummary(c.rule, c.vehicleId, c.params, c.values, severity);
    switch (t.kind) {
      case 'refiring':
        await this.update(m, alert, { state: 'firing', severity, values, silenced, summary });
        history.push({ ...base, alertId: alert.id, kind: 'refiring', fromState: 'recovering', toState: 'firing', severity });
        notices.push({ alertId: alert.id, change: 'refiring' });
        return alert.id;
      case 'severity':
        await this.update(m, alert, { state: alert.state, severity, values, silenced, summary });
        history.push({
          ...base,
          alertId: alert.id,
          kind: 'severity',
          fromState: alert.state,
          toState: alert.state,
          severity,
          details: { values, from: t.from },
        });
        notices.push({ alertId: alert.id, change: 'severity' });
        return alert.id;
      case 'recovering':
        await this.update(m, alert, { state: 'recovering', severity, values, silenced, summary: alert.summary });
        history.push({ ...base, alertId: alert.id, kind: 'recovering', fromState: 'firing', toState: 'recovering', severity });
        notices.push({ alertId: alert.id, change: 'recovering' });
        return alert.id;
      case 'resolved':
        await this.update(m, alert, { state: 'resolved', severity, values, silenced, summary: alert.summary, resolvedTs: at });
        history.push({ ...base, alertId: alert.id, kind: 'resolved', fromState: 'recovering', toState: 'resolved', severity });
        notices.push({ alertId: alert.id, change: 'resolved' });
        return null;
    }
  }

  private async update(
    m: EntityManager,
    alert: AlertRow,
    p: {
      state: AlertRow['state'];
      severity: AlertSeverity;
      values: Record<string, number | null>;
      silenced: boolean;
      summary: string;
      resolvedTs?: Date;
    },
  ): Promise<void> {
    await this.repository.updateAlert(m, alert.id, { ...p, resolvedTs: p.resolvedTs ?? null });
  }
}

/** A silence or maintenance window covers a rule and vehicle when each of its fields is unset or equal. */
export const covers = (s: Pick<SilenceRow, 'rule_id' | 'vehicle_id'>, rule: string, vehicleId: string): boolean =>
  (s.rule_id === null || s.rule_id === rule) && (s.vehicle_id === null || s.vehicle_id === vehicleId);

const toDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function stateOf(row: ConditionRow): ConditionState {
  return {
    phase: row.phase,
    since: row.since_ts?.getTime() ?? null,
    severity: row.severity,
    pendingSince: row.pending_since_ts?.getTime() ?? null,
    lastTs: row.last_ts?.getTime() ?? null,
    lastValues: row.last_values,
  };
}

/** JSON has no NaN or Infinity; absent values are dropped. */
function cleanValues(values: SignalValues | null): Record<string, number | null> | null {
  if (!values) return null;
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v !== null && Number.isFinite(v) ? v : null;
  return out;
}
