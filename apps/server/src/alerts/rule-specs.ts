/**
 * From a rule's stored parameters to what the pure state machine takes (libs/domain alerts.ts),
 * and the one-line summary of an alert. The signals' directions come from libs/contract, never
 * from the stored parameters, so an edit can move a threshold but not turn a rule upside down.
 */
import { ALERT_RULE_DEFAULTS } from '@app/data';
import {
  ALERT_RULE_SIGNALS,
  FLEET_SUBJECT,
  SCHEDULED_ALERT_RULES,
  type AlertRuleId,
  type AlertRuleParams,
  type AlertSeverity,
  type SignalDefinition,
} from '@app/contract';
import type { ConditionSpec, SignalValues } from '@app/domain';

export const isAlertRuleId = (id: string): id is AlertRuleId => id in ALERT_RULE_SIGNALS;

export const signalDefinitions = (rule: AlertRuleId): Record<string, SignalDefinition> =>
  ALERT_RULE_SIGNALS[rule] as Record<string, SignalDefinition>;

export function conditionSpec(rule: AlertRuleId, params: AlertRuleParams): ConditionSpec {
  const signals: ConditionSpec['signals'] = {};
  for (const [name, def] of Object.entries(signalDefinitions(rule))) {
    const t = params.signals[name];
    if (t) signals[name] = { direction: def.direction, warning: t.warning, critical: t.critical, clear: t.clear };
  }
  return { signals, forS: params.forS, clearForS: params.clearForS, maxGapS: params.maxGapS };
}

export const evaluationOf = (rule: AlertRuleId): 'scheduled' | 'on_commit' =>
  SCHEDULED_ALERT_RULES.includes(rule) ? 'scheduled' : 'on_commit';

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** `Ride discomfort — GNV-01: floorAv 1.02 m/s² (warning at ≥ 0.9)`: the worst signal. */
export function alertSummary(
  rule: AlertRuleId,
  vehicleId: string,
  params: AlertRuleParams,
  values: SignalValues,
  severity: AlertSeverity,
): string {
  const defs = signalDefinitions(rule);
  let worst: { name: string; excess: number; value: number } | null = null;
  for (const [name, def] of Object.entries(defs)) {
    const v = values[name];
    const t = params.signals[name];
    if (v === null || v === undefined || !t) continue;
    const excess = (def.direction === 'above' ? v - t.warning : t.warning - v) / Math.max(Math.abs(t.warning), 1e-9);
    if (!worst || excess > worst.excess) worst = { name, excess, value: v };
  }
  const who = vehicleId === FLEET_SUBJECT ? 'fleet' : vehicleId;
  const title = ALERT_RULE_DEFAULTS[rule].title;
  if (!worst) return `${title} — ${who}`;
  const def = defs[worst.name];
  const t = params.signals[worst.name];
  const threshold = severity === 'critical' && t.critical !== null ? t.critical : t.warning;
  return `${title} — ${who}: ${worst.name} ${fmt(worst.value)} ${def.unit} (${severity} at ${def.direction === 'above' ? '≥' : '≤'} ${fmt(threshold)})`;
}
