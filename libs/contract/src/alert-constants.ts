/**
 * Constants of the alerts (rules, signals, states), without zod, so that the dashboard can import
 * them without bundling the schema library. The schemas are in alerts.ts; the default thresholds,
 * with their reasons and sources, in libs/data/src/alert-rules.ts; the lifecycle in docs/alerts.md.
 */

export const ALERTS_PATHS = {
  alerts: '/api/v1/alerts',
  rules: '/api/v1/alerts/rules',
  silences: '/api/v1/alerts/silences',
  history: '/api/v1/alerts/history',
} as const;

export const ALERT_RULE_IDS = [
  'low_range',
  'vehicle_offline',
  'consumption_high',
  'discomfort',
  'cabin_temperature',
  'cabin_co2',
  'ratings_low_streak',
  'dead_letter_rate',
  'device_silent',
] as const;
export type AlertRuleId = (typeof ALERT_RULE_IDS)[number];

export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** An alert exists from the moment its condition fires; `resolved` closes it. */
export const ALERT_STATES = ['firing', 'recovering', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** The condition behind an alert: Normal → Pending → Firing → Recovering → (Resolved) Normal. */
export const CONDITION_PHASES = ['normal', 'pending', 'firing', 'recovering'] as const;
export type ConditionPhase = (typeof CONDITION_PHASES)[number];

export type SignalDirection = 'above' | 'below';

export interface SignalDefinition {
  /** `above`: worse when higher (warning ≤ value fires); `below`: worse when lower. */
  direction: SignalDirection;
  unit: string;
  /** Bounds a threshold of this signal must stay within (what the quantity can physically be). */
  min: number;
  max: number;
}

/**
 * What each rule watches: one or more signals, each judged against its own thresholds. The rule
 * fires when any signal crosses its warning threshold (critical when it crosses critical) and
 * recovers when every signal known is back beyond its clear threshold (hysteresis).
 */
export const ALERT_RULE_SIGNALS = {
  low_range: { lowKm: { direction: 'below', unit: 'km', min: 0, max: 2000 } },
  vehicle_offline: { silentMin: { direction: 'above', unit: 'min', min: 0, max: 1440 } },
  consumption_high: { ratio: { direction: 'above', unit: '×', min: 1, max: 10 } },
  discomfort: {
    floorAv: { direction: 'above', unit: 'm/s²', min: 0, max: 20 },
    seatAv: { direction: 'above', unit: 'm/s²', min: 0, max: 20 },
  },
  cabin_temperature: {
    high: { direction: 'above', unit: '°C', min: -30, max: 60 },
    low: { direction: 'below', unit: '°C', min: -30, max: 60 },
  },
  cabin_co2: { co2Ppm: { direction: 'above', unit: 'ppm', min: 300, max: 10000 } },
  ratings_low_streak: { streak: { direction: 'above', unit: 'ratings', min: 1, max: 1000 } },
  dead_letter_rate: { sharePct: { direction: 'above', unit: '%', min: 0, max: 100 } },
  device_silent: {
    tabletMin: { direction: 'above', unit: 'min', min: 0, max: 1440 },
    auditMin: { direction: 'above', unit: 'min', min: 0, max: 1440 },
  },
} as const satisfies Record<AlertRuleId, Record<string, SignalDefinition>>;

/** Rules judged on a schedule (absence), the others as data is committed. */
export const SCHEDULED_ALERT_RULES: readonly AlertRuleId[] = ['vehicle_offline', 'device_silent'];

/** `vehicleId` of an alert about the whole fleet (the dead-letter rate) in paths and filters. */
export const FLEET_SUBJECT = '*';

export const ALERT_HISTORY_KINDS = [
  'firing',
  'refiring',
  'severity',
  'recovering',
  'resolved',
  'acknowledged',
  'escalated',
  'rule_updated',
  'silence_created',
  'silence_deleted',
] as const;
export type AlertHistoryKind = (typeof ALERT_HISTORY_KINDS)[number];

export const SILENCE_KINDS = ['silence', 'maintenance'] as const;
export type SilenceKind = (typeof SILENCE_KINDS)[number];

export const ALERT_COMMENT_MAX_CHARS = 500;
