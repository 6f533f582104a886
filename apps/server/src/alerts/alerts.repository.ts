/**
 * The SQL of the alerts: rules, conditions (the state machine's rows), alerts, history, silences,
 * and the reads the rules judge (latest samples, ratings, audit windows, recent trips). Only
 * queries. Methods that take an EntityManager run inside the caller's transaction (on the embedded
 * PGlite a statement on another connection would wait for that transaction).
 *
 * Lock order of an evaluation: alert_condition rows in key order (rule_id, vehicle_id), inserted
 * missing ones first in the same order, then the alert rows they point to. Every evaluation takes
 * them in that order, so two of them (or two processes) never deadlock.
 */
import { Injectable } from '@nestjs/common';
import type {
  AlertHistoryKind,
  AlertHistoryQuery,
  AlertListQuery,
  AlertRuleParams,
  AlertSeverity,
  AlertState,
  SilenceCreate,
} from '@app/contract';
import { DataSource, type EntityManager } from 'typeorm';
import { returningRows } from '../common/returning';

export interface RuleRow {
  id: string;
  enabled: boolean;
  params: AlertRuleParams;
  defaults_version: string;
  version: number;
  updated_at: Date;
  updated_by: string | null;
}

export interface ConditionKey {
  ruleId: string;
  vehicleId: string;
}

export interface ConditionRow {
  rule_id: string;
  vehicle_id: string;
  phase: 'normal' | 'pending' | 'firing' | 'recovering';
  since_ts: Date | null;
  severity: AlertSeverity | null;
  pending_since_ts: Date | null;
  last_ts: Date | null;
  last_values: Record<string, number | null> | null;
  memory: Record<string, unknown>;
  alert_id: string | null;
  /** Of the rule, read with the lock. */
  enabled: boolean;
  params: AlertRuleParams;
}

export interface ConditionUpdate {
  ruleId: string;
  vehicleId: string;
  phase: ConditionRow['phase'];
  since: Date | null;
  severity: AlertSeverity | null;
  pendingSince: Date | null;
  lastTs: Date | null;
  lastValues: Record<string, number | null> | null;
  memory: Record<string, unknown>;
  alertId: string | null;
}

export interface AlertRow {
  id: string;
  rule_id: string;
  vehicle_id: string;
  state: AlertState;
  severity: AlertSeverity;
  summary: string;
  last_values: Record<string, number | null>;
  pending_since_ts: Date;
  fired_ts: Date;
  resolved_ts: Date | null;
  silenced: boolean;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  ack_comment: string | null;
  escalated_at: Date | null;
  opened_at: Date;
  updated_at: Date;
}

export interface NewHistory {
  alertId: string | null;
  ruleId: string | null;
  vehicleId: string | null;
  kind: AlertHistoryKind;
  fromState?: string | null;
  toState?: string | null;
  severity?: AlertSeverity | null;
  dataTs?: Date | null;
  actor: string;
  comment?: string | null;
  details?: Record<string, unknown> | null;
}

export interface HistoryRow {
  id: string;
  alert_id: string | null;
  rule_id: string | null;
  vehicle_id: string | null;
  kind: AlertHistoryKind;
  from_state: string | null;
  to_state: string | null;
  severity: AlertSeverity | null;
  data_ts: Date | null;
  at: Date;
  actor: string;
  comment: string | null;
  details: Record<string, unknown> | null;
}

export interface SilenceRow {
  id: string;
  kind: 'silence' | 'maintenance';
  rule_id: string | null;
  vehicle_id: string | null;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_by: string;
  created_at: Date;
  deleted_at: Date | null;
  deleted_by: string | null;
}

export type HeardSource = 'coach' | 'tablet' | 'audit';

/** What the scheduled absence rules read about each vehicle. */
export interface VehicleActivityRow {
  vehicle_id: string;
  /** Data time of its newest sample. */
  last_ts: Date | null;
  last_event_type: string | null;
  last_event_ts: Date | null;
  /** Data time of its newest audit window, of its tablets' newest answer (the fallbacks when not heard yet). */
  last_window_ts: Date | null;
  last_rating_at: Date | null;
  /** When each source was last heard from, on the data's clock (alert_heard). */
  heard_coach: Date | null;
  heard_tablet: Date | null;
  heard_audit: Date | null;
}

const ALERT_COLUMNS = `id, rule_id, vehicle_id, state, severity, summary, last_values, pending_since_ts, fired_ts, resolved_ts, silenced,
  acknowledged_at, acknowledged_by, ack_comment, escalated_at, opened_at, updated_at`;

/** A date (YYYY-MM-DD) is a Europe/Paris day: `from` its start, `to` the start of the next day (exclusive). */
const sinceSql = (p: string) =>
  `CASE WHEN length(${p}) = 10 THEN (${p}::date)::timestamp AT TIME ZONE 'Europe/Paris' ELSE ${p}::timestamptz END`;
const untilSql = (p: string) =>
  `CASE WHEN length(${p}) = 10 THEN (${p}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris' ELSE ${p}::timestamptz + interval '1 microsecond' END`;

@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  // -------------------------------------------------------------------------------------------- rules

  async ensureRules(rows: Array<{ id: string; params: AlertRuleParams; defaultsVersion: string }>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO alert_rule (id, params, defaults_version)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[]) ORDER BY 1
       ON CONFLICT (id) DO NOTHING`,
      [rows.map((r) => r.id), rows.map((r) => JSON.stringify(r.params)), rows.map((r) => r.defaultsVersion)],
    );
  }

  rules(m: EntityManager = this.manager): Promise<RuleRow[]> {
    return m.query(`SELECT * FROM alert_rule ORDER BY id`);
  }

  async lockRule(m: EntityManager, id: string): Promise<RuleRow | null> {
    const [row] = await m.query(`SELECT * FROM alert_rule WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async updateRule(m: EntityManager, id: string, enabled: boolean, params: AlertRuleParams, actor: string): Promise<RuleRow> {
    const [row] = returningRows<RuleRow>(
      await m.query(
        `UPDATE alert_rule SET enabled = $2, params = $3, version = version + 1, updated_at = now(), updated_by = $4 WHERE id = $1 RETURNING *`,
        [id, enabled, JSON.stringify(params), actor],
      ),
    );
    return row;
  }

  conditions(ruleId?: string): Promise<ConditionRow[]> {
    return this.dataSource.query(
      `SELECT c.*, r.enabled, r.params FROM alert_condition c JOIN alert_rule r ON r.id = c.rule_id
       WHERE ($1::text IS NULL OR c.rule_id = $1) ORDER BY c.rule_id, c.vehicle_id`,
      [ruleId ?? null],
    );
  }

  async lockRuleConditions(m: EntityManager, ruleId: string): Promise<void> {
    await m.query(`SELECT 1 FROM alert_condition WHERE rule_id = $1 ORDER BY vehicle_id FOR UPDATE`, [ruleId]);
  }

  /** A disabled rule forgets its conditions (an open alert is resolved by the caller). */
  async resetConditions(m: EntityManager, ruleId: string): Promise<void> {
    await m.query(
      `UPDATE alert_condition SET phase = 'normal', since_ts = NULL, severity = NULL, pending_since_ts = NULL, memory = '{}', alert_id = NULL, updated_at = now()
       WHERE rule_id = $1`,
      [ruleId],
    );
  }

  // ---------------------------------------------------------------------------------------- conditions

  /** Creates the missing rows, then locks them all, in key order; each with its rule's parameters. */
  async lockConditions(m: EntityManager, keys: ConditionKey[]): Promise<ConditionRow[]> {
    if (keys.length === 0) return [];
    const rules = keys.map((k) => k.ruleId);
    const vehicles = keys.map((k) => k.vehicleId);
    await m.query(
      `INSERT INTO alert_condition (rule_id, vehicle_id)
       SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2
       ON CONFLICT (rule_id, vehicle_id) DO NOTHING`,
      [rules, vehicles],
    );
    return m.query(
      `SELECT c.*, r.enabled, r.params FROM alert_condition c JOIN alert_rule r ON r.id = c.rule_id
       WHERE (c.rule_id, c.vehicle_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY c.rule_id, c.vehicle_id
       FOR UPDATE OF c`,
      [rules, vehicles],
    );
  }

  async saveConditions(m: EntityManager, rows: ConditionUpdate[]): Promise<void> {
    if (rows.length === 0) return;
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    await m.query(
      `UPDATE alert_condition c SET phase = u.phase, since_ts = u.since_ts, severity = u.severity, pending_since_ts = u.pending_since_ts,
         last_ts = u.last_ts, last_values = u.last_values, memory = u.memory, alert_id = u.alert_id, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::jsonb[], $9::jsonb[], $10::bigint[])
         AS u(rule_id, vehicle_id, phase, since_ts, severity, pending_since_ts, last_ts, last_values, memory, alert_id)
       WHERE c.rule_id = u.rule_id AND c.vehicle_id = u.vehicle_id`,
      [
        rows.map((r) => r.ruleId),
        rows.map((r) => r.vehicleId),
        rows.map((r) => r.phase),
        rows.map((r) => iso(r.since)),
        rows.map((r) => r.severity),
        rows.map((r) => iso(r.pendingSince)),
        rows.map((r) => iso(r.lastTs)),
        rows.map((r) => (r.lastValues ? JSON.stringify(r.lastValues) : null)),
        rows.map((r) => JSON.stringify(r.memory)),
        rows.map((r) => r.alertId),
      ],
    );
  }

  // -------------------------------------------------------------------------------------------- alerts

  /**
   * Opens an alert unless one is open for this rule and vehicle (the unique partial index decides,
   * even between transactions that did not see each other): the new row, or null.
   */
  async openAlert(
    m: EntityManager,
    a: {
      ruleId: string;
      vehicleId: string;
      severity: AlertSeverity;
      summary: string;
      values: Record<string, number | null>;
      pendingSince: Date;
      firedTs: Date;
      silenced: boolean;
    },
  ): Promise<AlertRow | null> {
    const [row] = await m.query(
      `INSERT INTO alert (rule_id, vehicle_id, state, severity, summary, last_values, pending_since_ts, fired_ts, silenced)
       VALUES ($1, $2, 'firing', $3, $4, $5, $6, $7, $8)
       ON CONFLICT (rule_id, vehicle_id) WHERE state <> 'resolved' DO NOTHING
       RETURNING ${ALERT_COLUMNS}`,
      [a.ruleId, a.vehicleId, a.severity, a.summary, JSON.stringify(a.values), a.pendingSince, a.firedTs, a.silenced],
    );
    return row ?? null;
  }

  async openAlertOf(m: EntityManager, ruleId: string, vehicleId: string): Promise<AlertRow | null> {
    const [row] = await m.query(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE rule_id = $1 AND vehicle_id = $2 AND state <> 'resolved' FOR UPDATE`,
      [ruleId, vehicleId],
    );
    return row ?? null;
  }

  async updateAlert(
    m: EntityManager,
    id: string,
    patch: {
      state: AlertState;
      severity: AlertSeverity;
      summary: string;
      values: Record<string, number | null>;
      resolvedTs: Date | null;
      silenced: boolean;
    },
  ): Promise<AlertRow | null> {
    const [row] = returningRows<AlertRow>(
      await m.query(
        `UPDATE alert SET state = $2, severity = $3, summary = $4, last_values = $5, resolved_ts = $6, silenced = $7, updated_at = now()
       WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
        [id, patch.state, patch.severity, patch.summary, JSON.stringify(patch.values), patch.resolvedTs, patch.silenced],
      ),
    );
    return row ?? null;
  }

  async alertsByIds(ids: string[], m: EntityManager = this.manager): Promise<AlertRow[]> {
    if (ids.length === 0) return [];
    return m.query(`SELECT ${ALERT_COLUMNS} FROM alert WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
  }

  async alert(id: number, m: EntityManager = this.manager): Promise<AlertRow | null> {
    const [row] = await m.query(`SELECT ${ALERT_COLUMNS} FROM alert WHERE id = $1`, [id]);
    return row ?? null;
  }

  listAlerts(q: Omit<AlertListQuery, 'format'>): Promise<AlertRow[]> {
    return this.dataSource.query(
      `SELECT ${ALERT_COLUMNS} FROM alert
       WHERE ($1::text IS NULL OR ($1 = 'open' AND state <> 'resolved') OR state = $1)
         AND ($2::text IS NULL OR vehicle_id = $2)
         AND ($3::text IS NULL OR rule_id = $3)
         AND ($4::text IS NULL OR fired_ts >= ${sinceSql('$4')})
         AND ($5::text IS NULL OR fired_ts < ${untilSql('$5')})
       ORDER BY fired_ts DESC, id DESC
       LIMIT $6 OFFSET $7`,
      [q.state ?? null, q.vehicleId ?? null, q.ruleId ?? null, q.from ?? null, q.to ?? null, q.limit, q.offset],
    );
  }

  async openCount(m: EntityManager = this.manager): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM alert WHERE state <> 'resolved' AND NOT silenced`);
    return n;
  }

  /** Records the acknowledgement unless there was one; null when the alert is unknown or already acknowledged. */
  async acknowledge(m: EntityManager, id: number, actor: string, comment: string): Promise<AlertRow | null> {
    const [row] = returningRows<AlertRow>(
      await m.query(
        `UPDATE alert SET acknowledged_at = now(), acknowledged_by = $2, ack_comment = $3, updated_at = now()
       WHERE id = $1 AND acknowledged_at IS NULL RETURNING ${ALERT_COLUMNS}`,
        [id, actor, comment],
      ),
    );
    return row ?? null;
  }

  /** Marks as escalated every open, unacknowledged, unsilenced alert older than its rule's escalateAfterMin (wall clock). */
  async escalateDue(m: EntityManager): Promise<AlertRow[]> {
    return returningRows<AlertRow>(
      await m.query(
        `UPDATE alert a SET escalated_at = now(), updated_at = now()
       FROM alert_rule r
       WHERE r.id = a.rule_id AND a.state <> 'resolved' AND a.acknowledged_at IS NULL AND a.escalated_at IS NULL AND NOT a.silenced
         AND jsonb_typeof(r.params->'escalateAfterMin') = 'number'
         AND a.opened_at <= now() - make_interval(secs => (r.params->>'escalateAfterMin')::float8 * 60)
       RETURNING ${ALERT_COLUMNS.split(',')
         .map((c) => `a.${c.trim()}`)
         .join(', ')}`,
      ),
    );
  }

  /** Open alerts a silence covers (or covered), to flag or unflag them. */
  async openAlertsMatching(m: EntityManager, ruleId: string | null, vehicleId: string | null): Promise<AlertRow[]> {
    return m.query(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE state <> 'resolved' AND ($1::text IS NULL OR rule_id = $1) AND ($2::text IS NULL OR vehicle_id = $2)
       ORDER BY rule_id, vehicle_id FOR UPDATE`,
      [ruleId, vehicleId],
    );
  }

  async setSilenced(m: EntityManager, ids: string[], silenced: boolean): Promise<void> {
    if (ids.length) await m.query(`UPDATE alert SET silenced = $2, updated_at = now() WHERE id = ANY($1::bigint[])`, [ids, silenced]);
  }

  // ------------------------------------------------------------------------------------------- history

  async insertHistory(m: EntityManager, rows: NewHistory[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO alert_history (alert_id, rule_id, vehicle_id, kind, from_state, to_state, severity, data_ts, actor, comment, details)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::jsonb[])`,
      [
        rows.map((r) => r.alertId),
        rows.map((r) => r.ruleId),
        rows.map((r) => r.vehicleId),
        rows.map((r) => r.kind),
        rows.map((r) => r.fromState ?? null),
        rows.map((r) => r.toState ?? null),
        rows.map((r) => r.severity ?? null),
        rows.map((r) => (r.dataTs ? r.dataTs.toISOString() : null)),
        rows.map((r) => r.actor),
        rows.map((r) => r.comment ?? null),
        rows.map((r) => (r.details ? JSON.stringify(r.details) : null)),
      ],
    );
  }

  alertHistory(alertId: number): Promise<HistoryRow[]> {
    return this.dataSource.query(`SELECT * FROM alert_history WHERE alert_id = $1 ORDER BY id`, [alertId]);
  }

  history(q: Omit<AlertHistoryQuery, 'format'>): Promise<HistoryRow[]> {
    return this.dataSource.query(
      `SELECT * FROM alert_history
       WHERE ($1::bigint IS NULL OR alert_id = $1) AND ($2::text IS NULL OR rule_id = $2) AND ($3::text IS NULL OR vehicle_id = $3)
         AND ($4::text IS NULL OR kind = $4)
         AND ($5::text IS NULL OR at >= ${sinceSql('$5')}) AND ($6::text IS NULL OR at < ${untilSql('$6')})
       ORDER BY id DESC LIMIT $7 OFFSET $8`,
      [q.alertId ?? null, q.ruleId ?? null, q.vehicleId ?? null, q.kind ?? null, q.from ?? null, q.to ?? null, q.limit, q.offset],
    );
  }

  // ------------------------------------------------------------------------------------------ silences

  /** Silences active now (wall clock). */
  activeSilences(m: EntityManager): Promise<SilenceRow[]> {
    return m.query(`SELECT * FROM alert_silence WHERE kind = 'silence' AND deleted_at IS NULL AND ends_at > now() AND starts_at <= now()`);
  }

  /** Maintenance windows overlapping [from, to] (data time). */
  maintenanceWindows(m: EntityManager, from: Date, to: Date): Promise<SilenceRow[]> {
    return m.query(`SELECT * FROM alert_silence WHERE kind = 'maintenance' AND deleted_at IS NULL AND ends_at > $1 AND starts_at <= $2`, [
      from,
      to,
    ]);
  }

  async insertSilence(m: EntityManager, s: SilenceCreate, actor: string): Promise<SilenceRow> {
    const [row] = await m.query(
      `INSERT INTO alert_silence (kind, rule_id, vehicle_id, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), $5, $6, $7) RETURNING *`,
      [s.kind, s.ruleId ?? null, s.vehicleId ?? null, s.startsAt ?? null, s.endsAt, s.reason, actor],
    );
    return row;
  }

  async deleteSilence(m: EntityManager, id: number, actor: string): Promise<SilenceRow | null> {
    const [row] = returningRows<SilenceRow>(
      await m.query(`UPDATE alert_silence SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING *`, [
        id,
        actor,
      ]),
    );
    return row ?? null;
  }

  silences(includeDeleted: boolean): Promise<SilenceRow[]> {
    return this.dataSource.query(`SELECT * FROM alert_silence WHERE $1 OR deleted_at IS NULL ORDER BY starts_at DESC, id DESC`, [
      includeDeleted,
    ]);
  }

  // -------------------------------------------------------------------------- what the rules judge

  /** Per 100 km of each of the vehicle's latest trips (the trips' rollups), newest first. */
  async recentTripConsumption(vehicleId: string, trips: number): Promise<number[]> {
    const rows: Array<{ per100: number }> = await this.dataSource.query(
      `SELECT fuel_used / distance_km * 100 AS per100 FROM trip_rollup
       WHERE vehicle_id = $1 AND distance_km >= 1 AND fuel_used > 0 ORDER BY start_ts DESC LIMIT $2`,
      [vehicleId, trips],
    );
    return rows.map((r) => Number(r.per100));
  }

  /** The vehicle's latest ratings' overall score, newest first (tablet time), and the newest's time. */
  async latestRatings(vehicleId: string, limit: number): Promise<Array<{ overall: number; answered_at: Date }>> {
    return this.dataSource.query(
      `SELECT overall, answered_at FROM rating WHERE vehicle_id = $1 ORDER BY answered_at DESC, id DESC LIMIT $2`,
      [vehicleId, limit],
    );
  }

  /** For each vehicle: its newest sample, latest event, audit window and rating (each by an index), and when each source was last heard. */
  vehicleActivity(m: EntityManager): Promise<VehicleActivityRow[]> {
    return m.query(
      `SELECT v.id AS vehicle_id,
              (SELECT max(ts) FROM telemetry t WHERE t.vehicle_id = v.id) AS last_ts,
              e.type AS last_event_type, e.ts AS last_event_ts,
              (SELECT max(ts) FROM vibration_window w WHERE w.vehicle_id = v.id) AS last_window_ts,
              (SELECT max(answered_at) FROM rating r WHERE r.vehicle_id = v.id) AS last_rating_at,
              (SELECT data_ts FROM alert_heard h WHERE h.vehicle_id = v.id AND h.source = 'coach') AS heard_coach,
              (SELECT data_ts FROM alert_heard h WHERE h.vehicle_id = v.id AND h.source = 'tablet') AS heard_tablet,
              (SELECT data_ts FROM alert_heard h WHERE h.vehicle_id = v.id AND h.source = 'audit') AS heard_audit
       FROM vehicle v
       LEFT JOIN LATERAL (SELECT type, ts FROM event x WHERE x.vehicle_id = v.id ORDER BY x.ts DESC LIMIT 1) e ON true
       ORDER BY v.id`,
    );
  }

  /** Records that these sources were heard from at these data times (never moving one back), in key order. */
  async touchHeard(rows: Array<{ vehicleId: string; source: HeardSource; dataTs: number }>): Promise<void> {
    if (rows.length === 0) return;
    const latest = new Map<string, { vehicleId: string; source: HeardSource; dataTs: number }>();
    for (const r of rows) {
      const key = `${r.vehicleId}|${r.source}`;
      if ((latest.get(key)?.dataTs ?? -Infinity) < r.dataTs) latest.set(key, r);
    }
    const list = [...latest.values()];
    await this.dataSource.query(
      `INSERT INTO alert_heard (vehicle_id, source, data_ts)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ORDER BY 1, 2
       ON CONFLICT (vehicle_id, source) DO UPDATE SET data_ts = GREATEST(alert_heard.data_ts, EXCLUDED.data_ts), updated_at = now()`,
      [list.map((r) => r.vehicleId), list.map((r) => r.source), list.map((r) => new Date(r.dataTs).toISOString())],
    );
  }

  /** The data's clock as the alerts have seen it: the newest time a coach was heard at (else the newest sample). */
  async fleetDataClock(): Promise<number | null> {
    const [row] = await this.dataSource.query(
      `SELECT coalesce((SELECT max(data_ts) FROM alert_heard WHERE source = 'coach'),
                       (SELECT max((SELECT max(ts) FROM telemetry t WHERE t.vehicle_id = v.id)) FROM vehicle v)) AS ts`,
    );
    return row?.ts ? new Date(row.ts).getTime() : null;
  }
}
