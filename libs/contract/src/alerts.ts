/**
 * HTTP DTOs of the alerts API (/api/v1/alerts): rule parameters (thresholds validated here, so the
 * page and the server refuse the same values), alerts, their history, silences. Shared by the
 * server (validation, OpenAPI) and the dashboard. Lifecycle and rules: docs/alerts.md.
 */
import { z } from 'zod';
import {
  ALERT_COMMENT_MAX_CHARS,
  ALERT_HISTORY_KINDS,
  ALERT_RULE_IDS,
  ALERT_RULE_SIGNALS,
  ALERT_SEVERITIES,
  ALERT_STATES,
  CONDITION_PHASES,
  FLEET_SUBJECT,
  SILENCE_KINDS,
  type AlertRuleId,
  type SignalDefinition,
} from './alert-constants';
import { sanitizeComment } from './feedback-constants';
import { VEHICLE_ID_PATTERN } from './topics';

export * from './alert-constants';

const instant = z.iso.datetime({ offset: true }).describe('ISO-8601 instant, e.g. 2018-06-11T07:42:13Z');
const isoOut = z.string().describe('ISO-8601 UTC');
const format = z.enum(['json', 'csv']).optional();
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const text = (what: string) =>
  z
    .string()
    .transform((v, ctx) => {
      const clean = sanitizeComment(v);
      if (!clean) ctx.addIssue({ code: 'custom', message: `${what} is required` });
      return clean ?? '';
    })
    .pipe(z.string().max(ALERT_COMMENT_MAX_CHARS))
    .describe(`${what}: 1–${ALERT_COMMENT_MAX_CHARS} characters, control characters stripped, stored as plain text`);

// ------------------------------------------------------------------------------------------------
// Rule parameters

/**
 * One signal's thresholds. `above`: clear < warning ≤ critical; `below`: clear > warning ≥
 * critical. The gap between warning and clear is the hysteresis: a firing alert holds until the
 * value is back beyond `clear`.
 */
function thresholdSchema(def: SignalDefinition) {
  const bounded = z.number().min(def.min).max(def.max);
  const worse = (a: number, b: number) => (def.direction === 'above' ? a > b : a < b);
  return z
    .strictObject({
      warning: bounded.describe(`fires at ${def.direction === 'above' ? '≥' : '≤'} this (${def.unit})`),
      critical: bounded
        .nullable()
        .describe(`critical at ${def.direction === 'above' ? '≥' : '≤'} this (${def.unit}); null: never critical`),
      clear: bounded.describe(`recovers at ${def.direction === 'above' ? '<' : '>'} this (${def.unit})`),
    })
    .superRefine((t, ctx) => {
      if (!worse(t.warning, t.clear)) {
        ctx.addIssue({
          code: 'custom',
          path: ['clear'],
          message: `clear must be ${def.direction === 'above' ? 'below' : 'above'} warning (hysteresis)`,
        });
      }
      if (t.critical !== null && worse(t.warning, t.critical)) {
        ctx.addIssue({
          code: 'custom',
          path: ['critical'],
          message: `critical must be at least as ${def.direction === 'above' ? 'high' : 'low'} as warning`,
        });
      }
    });
}

const signalsSchema = (rule: AlertRuleId) =>
  z.strictObject(
    Object.fromEntries(Object.entries(ALERT_RULE_SIGNALS[rule]).map(([k, def]) => [k, thresholdSchema(def as SignalDefinition)])),
  );

/** Options of the rules that keep a running figure (windows of the consumption, smoothing of the vibration, …). */
export const ALERT_RULE_OPTION_SCHEMAS = {
  low_range: z.strictObject({}),
  vehicle_offline: z.strictObject({}),
  consumption_high: z
    .strictObject({
      shortKm: z.number().min(0.5).max(50).describe('Distance of the recent consumption (exponential window, km)'),
      longKm: z.number().min(10).max(5000).describe('Distance of the mean it is compared with (exponential window, km)'),
    })
    .refine((o) => o.longKm >= 4 * o.shortKm, { message: 'longKm must be at least 4 × shortKm', path: ['longKm'] }),
  discomfort: z.strictObject({ smoothingS: z.number().min(1).max(600).describe('Time constant of the energy average of aw² (s)') }),
  cabin_temperature: z.strictObject({}),
  cabin_co2: z.strictObject({}),
  ratings_low_streak: z.strictObject({
    maxOverall: z.number().int().min(1).max(4).describe('A rating at or below this counts in the streak'),
  }),
  dead_letter_rate: z.strictObject({
    windowMessages: z.number().int().min(10).max(1_000_000).describe('Messages of the exponential window'),
    minMessages: z.number().int().min(1).max(1_000_000).describe('Fewer messages seen than this: not judged'),
  }),
  device_silent: z.strictObject({}),
} satisfies Record<AlertRuleId, z.ZodType>;

const timing = {
  forS: z.number().min(0).max(86_400).describe('Pending for this long (data time, s) before firing'),
  clearForS: z.number().min(0).max(86_400).describe('Recovering for this long (data time, s) before resolving'),
  maxGapS: z
    .number()
    .positive()
    .max(86_400)
    .nullable()
    .describe('A gap in the data longer than this cancels a pending condition; null: no limit'),
  escalateAfterMin: z
    .number()
    .positive()
    .max(10_080)
    .nullable()
    .describe('Escalated when still unacknowledged this long after it fired (wall clock, min); null: never'),
};

export function alertRuleParamsSchema<R extends AlertRuleId>(rule: R) {
  return z.strictObject({ ...timing, signals: signalsSchema(rule), options: ALERT_RULE_OPTION_SCHEMAS[rule] });
}

export interface SignalThreshold {
  warning: number;
  critical: number | null;
  clear: number;
}
export interface AlertRuleParams {
  forS: number;
  clearForS: number;
  maxGapS: number | null;
  escalateAfterMin: number | null;
  signals: Record<string, SignalThreshold>;
  options: Record<string, number>;
}

/** Body of PUT /api/v1/alerts/rules/{ruleId}; `params` is then validated against that rule's schema. */
export const alertRuleUpdateSchema = z.strictObject({
  enabled: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).describe("The rule's whole parameter object (see the rules list for its shape)"),
  reason: text('reason'),
});
export type AlertRuleUpdate = z.infer<typeof alertRuleUpdateSchema>;

/** For the OpenAPI document: every rule's parameter shape. */
export const anyAlertRuleParamsSchema = z.union(ALERT_RULE_IDS.map((r) => alertRuleParamsSchema(r)));

const conditionSchema = z.object({
  vehicleId: z.string().nullable(),
  phase: z.enum(CONDITION_PHASES),
  since: isoOut.nullable().describe('Data time the phase began'),
  severity: z.enum(ALERT_SEVERITIES).nullable(),
  lastTs: isoOut.nullable().describe('Data time of the latest observation judged'),
  values: z.record(z.string(), z.number().nullable()).nullable(),
  alertId: z.number().int().nullable(),
});
export type AlertCondition = z.infer<typeof conditionSchema>;

export const alertRuleRecordSchema = z
  .object({
    id: z.enum(ALERT_RULE_IDS),
    title: z.string(),
    description: z.string(),
    evaluation: z.enum(['on_commit', 'scheduled']),
    enabled: z.boolean(),
    params: anyAlertRuleParamsSchema,
    defaults: anyAlertRuleParamsSchema.describe('The versioned defaults (libs/data/src/alert-rules.ts)'),
    defaultsVersion: z.string(),
    signals: z.record(z.string(), z.object({ direction: z.enum(['above', 'below']), unit: z.string(), min: z.number(), max: z.number() })),
    version: z.number().int().describe('+1 on every change'),
    updatedAt: isoOut,
    updatedBy: z.string().nullable(),
    conditions: z.array(conditionSchema).describe('Current state of each vehicle (or the fleet) under this rule'),
  })
  .meta({ id: 'AlertRule' });
export type AlertRuleRecord = Omit<z.infer<typeof alertRuleRecordSchema>, 'params' | 'defaults'> & {
  params: AlertRuleParams;
  defaults: AlertRuleParams;
};

// ------------------------------------------------------------------------------------------------
// Alerts and history

export const alertRecordSchema = z
  .object({
    id: z.number().int(),
    ruleId: z.enum(ALERT_RULE_IDS),
    vehicleId: z.string().nullable().describe('null: the whole fleet'),
    state: z.enum(ALERT_STATES),
    severity: z.enum(ALERT_SEVERITIES).describe('The highest reached; may rise while the alert is open, never falls'),
    summary: z.string(),
    values: z.record(z.string(), z.number().nullable()).describe('Signal values at the latest change'),
    pendingSince: isoOut.describe('Data time the condition began'),
    firedAt: isoOut.describe('Data time it fired'),
    resolvedAt: isoOut.nullable().describe('Data time it resolved'),
    silenced: z.boolean().describe('A silence covered it at its latest change: not notified, not escalated'),
    acknowledgedAt: isoOut.nullable(),
    acknowledgedBy: z.string().nullable(),
    ackComment: z.string().nullable(),
    escalatedAt: isoOut.nullable(),
    openedAt: isoOut.describe('Wall-clock time the server opened it'),
    updatedAt: isoOut,
  })
  .meta({ id: 'Alert' });
export type AlertRecord = z.infer<typeof alertRecordSchema>;

export const alertHistorySchema = z
  .object({
    id: z.number().int(),
    alertId: z.number().int().nullable(),
    ruleId: z.enum(ALERT_RULE_IDS).nullable(),
    vehicleId: z.string().nullable(),
    kind: z.enum(ALERT_HISTORY_KINDS),
    fromState: z.string().nullable(),
    toState: z.string().nullable(),
    severity: z.enum(ALERT_SEVERITIES).nullable(),
    dataTs: isoOut.nullable().describe('Data time of the change (null for a person’s action)'),
    at: isoOut.describe('Wall-clock time it was recorded'),
    actor: z.string().describe('`system`, or the user who acted'),
    comment: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AlertHistory' });
export type AlertHistoryEntry = z.infer<typeof alertHistorySchema>;

export const alertDetailSchema = alertRecordSchema.extend({ history: z.array(alertHistorySchema) }).meta({ id: 'AlertDetail' });
export type AlertDetail = z.infer<typeof alertDetailSchema>;

// One string type per query parameter (not a union), so that each is documented with its type and pattern.
const subject = z
  .string()
  .regex(new RegExp(`^(?:${VEHICLE_ID_PATTERN.source.replace(/^\^|\$$/g, '')}|\\${FLEET_SUBJECT})$`))
  .describe(`A vehicle id, or ${FLEET_SUBJECT} for the fleet`);
/** A date (Europe/Paris day, inclusive) or an instant. */
const when = z
  .string()
  .refine((v) => z.iso.date().safeParse(v).success || instant.safeParse(v).success, 'a date YYYY-MM-DD or an ISO-8601 instant');
const ordered = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.from.length === q.to.length && q.to < q.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
};

export const alertListQuerySchema = z
  .strictObject({
    state: z
      .enum(['open', ...ALERT_STATES])
      .optional()
      .describe('open: firing or recovering'),
    vehicleId: subject.optional(),
    ruleId: z.enum(ALERT_RULE_IDS).optional(),
    from: when.optional().describe('Fired at or after (data time); a date is a Europe/Paris day'),
    to: when.optional().describe('Fired at or before (data time); a date includes that whole day'),
    limit: int(1, 5000).default(500),
    offset: int(0, 10_000_000).default(0),
    format,
  })
  .superRefine(ordered);
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

export const alertHistoryQuerySchema = z
  .strictObject({
    alertId: int(1, Number.MAX_SAFE_INTEGER).optional(),
    ruleId: z.enum(ALERT_RULE_IDS).optional(),
    vehicleId: subject.optional(),
    kind: z.enum(ALERT_HISTORY_KINDS).optional(),
    from: when.optional().describe('Recorded at or after (wall clock)'),
    to: when.optional(),
    limit: int(1, 10_000).default(1000),
    offset: int(0, 10_000_000).default(0),
    format,
  })
  .superRefine(ordered);
export type AlertHistoryQuery = z.infer<typeof alertHistoryQuerySchema>;

export const alertIdParamSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const alertRuleIdParamSchema = z.enum(ALERT_RULE_IDS);

export const acknowledgeSchema = z.strictObject({ comment: text('comment') });
export type AcknowledgeRequest = z.infer<typeof acknowledgeSchema>;

// ------------------------------------------------------------------------------------------------
// Silences and maintenance windows

const MAX_SILENCE_DAYS = 366;

/**
 * `silence`: alerts still open and are kept, but are not notified (live stream) nor escalated
 * while it is active, on the wall clock. `maintenance`: no alert opens for the covered rule and
 * vehicle during the window, on the data's clock (a planned workshop slot of 2018 replays as such).
 */
export const silenceCreateSchema = z
  .strictObject({
    kind: z.enum(SILENCE_KINDS).default('silence'),
    ruleId: z.enum(ALERT_RULE_IDS).optional().describe('Unset: every rule'),
    vehicleId: subject.optional().describe('Unset: every vehicle'),
    startsAt: instant.optional().describe('Unset: now'),
    endsAt: instant,
    reason: text('reason'),
  })
  .superRefine((s, ctx) => {
    const start = s.startsAt ? Date.parse(s.startsAt) : Date.now();
    const end = Date.parse(s.endsAt);
    if (!(end > start)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt (or after now)' });
    else if (end - start > MAX_SILENCE_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `at most ${MAX_SILENCE_DAYS} days` });
  });
export type SilenceCreate = z.infer<typeof silenceCreateSchema>;

export const silenceRecordSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(SILENCE_KINDS),
    ruleId: z.enum(ALERT_RULE_IDS).nullable(),
    vehicleId: z.string().nullable(),
    startsAt: isoOut,
    endsAt: isoOut,
    reason: z.string(),
    createdBy: z.string(),
    createdAt: isoOut,
    deletedAt: isoOut.nullable(),
    deletedBy: z.string().nullable(),
  })
  .meta({ id: 'Silence' });
export type SilenceRecord = z.infer<typeof silenceRecordSchema>;

export const silenceListQuerySchema = z.strictObject({
  deleted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('Include deleted ones'),
  format,
});
export type SilenceListQuery = z.infer<typeof silenceListQuerySchema>;

export const silenceIdParamSchema = alertIdParamSchema;
