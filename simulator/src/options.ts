/**
 * Options of a simulation run, validated once (CLI flags and the programmatic API share them).
 * Every error names the option and what was expected.
 */
import { z } from 'zod';
import { VEHICLE_ID_PATTERN } from '@app/contract';
import { FLEET, TRIAL_PERIOD } from '@app/data';
import { parseFaults, type FaultSpec } from './faults';
import { fleetEntrySchema, MAX_FLEET } from './fleet';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a calendar date',
  );

/** `ID:secret,ID:secret` (the form of FLEET_CREDENTIALS, TABLET_TOKENS, DRIVER_CODES). */
function parsePairs(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = pair.indexOf(':');
    if (i <= 0 || i === pair.length - 1) throw new Error(`${what}: "${pair}" is not ID:secret`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

export const DEFAULT_FLEET_CREDENTIALS = 'GNV-01:gnv-01-dev-secret,DSL-01:dsl-01-dev-secret';
export const DEFAULT_TABLET_TOKENS = 'GNV-01:tablet-gnv-01-dev,DSL-01:tablet-dsl-01-dev';
const DEFAULT_ENGINEER_TOKEN = 'engineer-dev-token';
export const DEFAULT_DRIVER_CODES = Array.from({ length: 8 }, (_, i) => `D-0${i + 1}:driver-0${i + 1}-dev`).join(',');

const pairs = (what: string, def: string) =>
  z
    .union([z.string(), z.record(z.string(), z.string())])
    .default(def)
    .transform((v, ctx) => {
      if (typeof v !== 'string') return v;
      try {
        return parsePairs(v, what);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    });

const simulationOptionsSchema = z.strictObject({
  /** First and last simulated dates (inclusive, Europe/Paris); default the whole trial. */
  from: date.default(TRIAL_PERIOD.from),
  to: date.default(TRIAL_PERIOD.to),
  vehicles: z
    .union([z.string(), z.array(z.string())])
    .default(FLEET.map((v) => v.id))
    .transform((v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    )
    .pipe(
      z
        .array(z.string().regex(VEHICLE_ID_PATTERN, 'not a vehicle id'))
        .min(1, 'at least one vehicle')
        .refine((a) => new Set(a).size === a.length, 'a vehicle is listed twice'),
    ),
  /**
   * Coaches beyond the trial's two (issue 13): each with its powertrain, line and, once registered
   * through the admin API (`npm run provision`), its unit secret and tablet token. Given without
   * `vehicles`, the run plays exactly these.
   */
  fleet: z
    .array(fleetEntrySchema)
    .max(MAX_FLEET)
    .refine((a) => new Set(a.map((v) => v.id)).size === a.length, 'a vehicle is listed twice')
    .optional(),
  /** Stop the last service day early at this local time (HH:MM, Europe/Paris): a service morning. */
  until: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
    .optional(),
  /** 'max' = as fast as the pipeline takes it; N = N× real time. */
  speed: z.union([z.literal('max'), z.coerce.number().positive().max(1_000_000)]).default('max'),
  seed: z
    .union([z.string().min(1), z.number().int()])
    .default(42)
    .transform(String),
  /** Broker URL; null with dryRun. */
  mqttUrl: z
    .url({ protocol: /^mqtts?$/ })
    .nullable()
    .default('mqtt://127.0.0.1:1883'),
  /** Server base URL for ratings and questionnaires; null keeps every answer pending. */
  apiUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default('http://127.0.0.1:3000'),
  dryRun: z.boolean().default(false),
  fleetCredentials: pairs('fleetCredentials', DEFAULT_FLEET_CREDENTIALS),
  tabletTokens: pairs('tabletTokens', DEFAULT_TABLET_TOKENS),
  driverCodes: pairs('driverCodes', DEFAULT_DRIVER_CODES),
  faults: z
    .union([z.string(), z.record(z.string(), z.number())])
    .default('')
    .transform((v, ctx) => {
      if (typeof v !== 'string') return v as FaultSpec;
      try {
        return parseFaults(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /** Ground-truth JSON path (written when the run ends). */
  out: z.string().min(1).optional(),
  /** Republish what the Ack has not covered after this long (wall clock; docs/contract.md §2: default 30 s). */
  ackTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Un-acked messages per unit before simulated time waits for the server (back-pressure). */
  maxInFlight: z.number().int().min(10).max(1_000_000).default(20_000),
  /**
   * Un-acked messages of the whole fleet before simulated time waits (a shared in-flight budget):
   * N units each under maxInFlight could still flood the server together. 40,000 is what the
   * two-coach trial always had (2 × maxInFlight): its replay is bound by how many messages are in
   * flight, and 20,000 in all made it slower (full replay 405 s against 365 s in the same hour). On a
   * heavily loaded machine a large fleet may then wait past the 30 s ack timeout and republish:
   * duplicates, counted, never missing; lower it with --fleet-in-flight there.
   */
  fleetInFlight: z.number().int().min(10).max(10_000_000).default(40_000),
  /**
   * After the last simulated second, how long to wait for every Ack and every answer, ms; null
   * (the default) waits as long as it takes: the devices never give up while the run lasts, and
   * what is still missing at the end fails the run.
   */
  drainTimeoutMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .nullable()
    .default(null),
  /** Bearer token of the engineer role: the reconciliation asks the server what it stored. */
  engineerToken: z.string().min(1).default(DEFAULT_ENGINEER_TOKEN),
  /** Audit window length (s; 256 samples each) and period while moving (s). */
  windowSeconds: z.number().int().min(1).max(32).default(4),
  windowPeriodS: z.number().int().min(30).max(3600).default(300),
  /** Start each stream's seq after the server's retained Ack (a unit's seq survives reboots). */
  resumeSeq: z.boolean().default(true),
});

export type SimulationOptionsInput = z.input<typeof simulationOptionsSchema>;
export type SimulationOptions = z.output<typeof simulationOptionsSchema>;

export function parseOptions(input: SimulationOptionsInput): SimulationOptions {
  // A fleet without a vehicle list plays the whole fleet.
  if (input.fleet && input.vehicles === undefined) input = { ...input, vehicles: input.fleet.map((v) => v.id) };
  const r = simulationOptionsSchema.safeParse(input);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new OptionsError(`Invalid simulator options:\n${lines.join('\n')}`);
  }
  const o = r.data;
  if (o.from > o.to) throw new OptionsError(`Invalid simulator options:\n  from: ${o.from} is after to: ${o.to}`);
  if (!o.dryRun && !o.mqttUrl) throw new OptionsError('Invalid simulator options:\n  mqttUrl: required unless dryRun');
  // A fleet entry's secret and token join the credential lists (an explicit list entry wins).
  for (const v of o.fleet ?? []) {
    if (v.unitSecret && !o.fleetCredentials[v.id]) o.fleetCredentials[v.id] = v.unitSecret;
    if (v.tabletToken && !o.tabletTokens[v.id]) o.tabletTokens[v.id] = v.tabletToken;
  }
  const known = new Set<string>([...FLEET.map((v) => v.id), ...(o.fleet ?? []).map((v) => v.id)]);
  for (const v of o.vehicles) {
    if (!known.has(v)) throw new OptionsError(`Invalid simulator options:\n  vehicles: ${v} is neither a trial coach nor in the fleet`);
    if (!o.dryRun && !o.fleetCredentials[v]) throw new OptionsError(`Invalid simulator options:\n  fleetCredentials: no secret for ${v}`);
  }
  return o;
}

export class OptionsError extends Error {}
