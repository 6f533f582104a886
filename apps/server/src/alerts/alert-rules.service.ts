/**
 * The rules: created from the versioned defaults (libs/data/src/alert-rules.ts) when missing, read
 * with their conditions, and edited by engineers. An edit is validated against the rule's schema
 * (libs/contract) and kept in the history with who, when, why, and the parameters before and after.
 * Disabling a rule resolves its open alerts and forgets its conditions.
 */
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ALERT_RULE_DEFAULTS, ALERT_RULES_VERSION } from '@app/data';
import {
  ALERT_RULE_IDS,
  alertRuleParamsSchema,
  type AlertRuleId,
  type AlertRuleParams,
  type AlertRuleRecord,
  type AlertRuleUpdate,
} from '@app/contract';
import type { EntityManager } from 'typeorm';
import { ApiException, validationException } from '../common/api-error';
import { AlertNotifier } from './alert-notifier';
import { subjectOut } from './alert-records';
import { AlertsRepository, type ConditionRow, type RuleRow } from './alerts.repository';
import { evaluationOf, isAlertRuleId, signalDefinitions } from './rule-specs';

@Injectable()
export class AlertRulesService implements OnModuleInit {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly notifier: AlertNotifier,
  ) {}

  /** Every process may do it (idempotent): the rules exist before anything evaluates them. */
  async onModuleInit(): Promise<void> {
    await this.repository.ensureRules(
      ALERT_RULE_IDS.map((id) => ({ id, params: ALERT_RULE_DEFAULTS[id].params, defaultsVersion: ALERT_RULES_VERSION })),
    );
  }

  async list(): Promise<AlertRuleRecord[]> {
    const [rules, conditions] = [await this.repository.rules(), await this.repository.conditions()];
    return rules
      .filter((r) => isAlertRuleId(r.id))
      .map((r) =>
        toRecord(
          r,
          conditions.filter((c) => c.rule_id === r.id),
        ),
      );
  }

  async get(id: AlertRuleId): Promise<AlertRuleRecord> {
    const rule = (await this.repository.rules()).find((r) => r.id === id);
    if (!rule) throw new ApiException(404, 'not_found', `no alert rule ${id}`);
    return toRecord(rule, await this.repository.conditions(id));
  }

  async update(id: AlertRuleId, body: AlertRuleUpdate, actor: string): Promise<AlertRuleRecord> {
    const parsed = alertRuleParamsSchema(id).safeParse(body.params);
    if (!parsed.success) throw validationException(parsed.error, 'body', ['params']);
    const params = parsed.data as AlertRuleParams;
    const notices = await this.repository.transaction(async (m) => {
      const before = await this.repository.lockRule(m, id);
      if (!before) throw new ApiException(404, 'not_found', `no alert rule ${id}`);
      const enabled = body.enabled ?? before.enabled;
      await this.repository.updateRule(m, id, enabled, params, actor);
      await this.repository.insertHistory(m, [
        {
          alertId: null,
          ruleId: id,
          vehicleId: null,
          kind: 'rule_updated',
          actor,
          comment: body.reason,
          details: { before: { enabled: before.enabled, params: before.params }, after: { enabled, params }, version: before.version + 1 },
        },
      ]);
      if (before.enabled && !enabled) return this.resolveOpenAlerts(m, id, actor);
      return [];
    });
    await this.notifier.publish(notices);
    return this.get(id);
  }

  private async resolveOpenAlerts(m: EntityManager, id: AlertRuleId, actor: string) {
    // Conditions before alerts: the evaluations' lock order.
    await this.repository.lockRuleConditions(m, id);
    const open = await this.repository.openAlertsMatching(m, id, null);
    for (const a of open) {
      await this.repository.updateAlert(m, a.id, {
        state: 'resolved',
        severity: a.severity,
        summary: a.summary,
        values: a.last_values,
        resolvedTs: new Date(),
        silenced: a.silenced,
      });
    }
    await this.repository.insertHistory(
      m,
      open.map((a) => ({
        alertId: a.id,
        ruleId: id,
        vehicleId: a.vehicle_id,
        kind: 'resolved' as const,
        fromState: a.state,
        toState: 'resolved',
        severity: a.severity,
        actor,
        comment: 'rule disabled',
      })),
    );
    await this.repository.resetConditions(m, id);
    return open.map((a) => ({ alertId: a.id, change: 'resolved' as const }));
  }
}

function toRecord(r: RuleRow, conditions: ConditionRow[]): AlertRuleRecord {
  const id = r.id as AlertRuleId;
  const d = ALERT_RULE_DEFAULTS[id];
  return {
    id,
    title: d.title,
    description: d.description,
    evaluation: evaluationOf(id),
    enabled: r.enabled,
    params: r.params,
    defaults: d.params,
    defaultsVersion: r.defaults_version,
    signals: signalDefinitions(id),
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
    conditions: conditions.map((c) => ({
      vehicleId: subjectOut(c.vehicle_id),
      phase: c.phase,
      since: c.since_ts?.toISOString() ?? null,
      severity: c.severity,
      lastTs: c.last_ts?.toISOString() ?? null,
      values: c.last_values,
      alertId: c.alert_id === null ? null : Number(c.alert_id),
    })),
  };
}
