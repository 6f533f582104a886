/** Database rows of the alerts → the API's records (libs/contract alerts.ts). */
import { FLEET_SUBJECT, type AlertHistoryEntry, type AlertRecord, type AlertRuleId, type SilenceRecord } from '@app/contract';
import type { AlertRow, HistoryRow, SilenceRow } from './alerts.repository';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
/** The fleet's alerts are stored under `*` (a key column cannot be null); the API says null. */
export const subjectOut = (vehicleId: string | null): string | null => (vehicleId === FLEET_SUBJECT ? null : vehicleId);

export function toAlertRecord(r: AlertRow): AlertRecord {
  return {
    id: Number(r.id),
    ruleId: r.rule_id as AlertRuleId,
    vehicleId: subjectOut(r.vehicle_id),
    state: r.state,
    severity: r.severity,
    summary: r.summary,
    values: r.last_values ?? {},
    pendingSince: r.pending_since_ts.toISOString(),
    firedAt: r.fired_ts.toISOString(),
    resolvedAt: iso(r.resolved_ts),
    silenced: r.silenced,
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    ackComment: r.ack_comment,
    escalatedAt: iso(r.escalated_at),
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toHistoryEntry(r: HistoryRow): AlertHistoryEntry {
  return {
    id: Number(r.id),
    alertId: r.alert_id === null ? null : Number(r.alert_id),
    ruleId: r.rule_id as AlertRuleId | null,
    vehicleId: subjectOut(r.vehicle_id),
    kind: r.kind,
    fromState: r.from_state,
    toState: r.to_state,
    severity: r.severity,
    dataTs: iso(r.data_ts),
    at: r.at.toISOString(),
    actor: r.actor,
    comment: r.comment,
    details: r.details,
  };
}

export function toSilenceRecord(r: SilenceRow): SilenceRecord {
  return {
    id: Number(r.id),
    kind: r.kind,
    ruleId: r.rule_id as AlertRuleId | null,
    vehicleId: r.vehicle_id,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    deletedAt: iso(r.deleted_at),
    deletedBy: r.deleted_by,
  };
}
