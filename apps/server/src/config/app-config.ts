/**
 * Configuration, validated once at start-up into a typed object. A bad value stops the process
 * with a message naming the variable. Every default runs the embedded mode on a fresh machine.
 */
import { z } from 'zod';
import { ENERGY_FACTORS } from '@app/data';

const MODULES = ['ingest', 'api', 'scheduler'] as const;
export type ServerModule = (typeof MODULES)[number];

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** `ID:secret,ID:secret` — the per-vehicle MQTT credentials (the vehicle id is the MQTT username). */
const parseCredentials = (value: string, ctx: z.RefinementCtx): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = pair.indexOf(':');
    if (i <= 0 || i === pair.length - 1) {
      ctx.addIssue({ code: 'custom', message: `"${pair}" is not ID:secret` });
      return z.NEVER;
    }
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
};

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HTTP_PORT: port.default(3000),
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Unset: embedded PGlite persisted under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: positive.default(4),
  /** The embedded PGlite and Aedes each in a worker thread (the other core; the server's event loop stays free), or on the main thread. */
  EMBEDDED_THREADS: bool.default(true),
  /** Unset: embedded Aedes broker on MQTT_PORT (0 picks a free port). */
  MQTT_URL: z.url({ protocol: /^mqtts?$/ }).optional(),
  MQTT_PORT: port.default(0),
  MQTT_USERNAME: z.string().min(1).default('ingest'),
  MQTT_PASSWORD: z.string().min(1).default('ingest-dev-secret'),
  /** Stable id + persistent session: the broker queues QoS 1 messages while the server restarts. */
  MQTT_CLIENT_ID: z.string().min(1).max(64).default('trial-ingest'),
  MQTT_CLEAN_SESSION: bool.default(false),
  /** Per-vehicle credentials enforced by the embedded broker (Mosquitto uses its password file). */
  FLEET_CREDENTIALS: z.string().default('GNV-01:gnv-01-dev-secret,DSL-01:dsl-01-dev-secret').transform(parseCredentials),
  DATA_DIR: z.string().default('./data'),
  /** Which parts this process runs; several ingest processes may share the load (INGEST_SHARE_GROUP). */
  MODULES: z
    .string()
    .default(MODULES.join(','))
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(MODULES)).min(1)),
  /** MQTT 5 shared-subscription group (Mosquitto, EMQX); Aedes has none. */
  INGEST_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
  /**
   * Largest batch, and batch transactions in flight. Unset: 2000 and 2 on PostgreSQL; 500 and 1 on
   * the embedded PGlite, whose one session serves everyone in turn: a batch holds it for its whole
   * transaction, and the tablets' answers wait behind it (issue 8).
   */
  INGEST_BATCH_MAX: positive.optional(),
  INGEST_BATCHES_IN_FLIGHT: positive.max(8).optional(),
  INGEST_BATCH_MS: positive.default(25),
  /** Messages buffered before the ingest stops releasing PUBACKs (back-pressure onto the broker). */
  INGEST_HIGH_WATER: positive.default(20000),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Passenger tablets, `VEHICLE:token,…`: each token is bound to one vehicle (feedback module). */
  TABLET_TOKENS: z.string().default('GNV-01:tablet-gnv-01-dev,DSL-01:tablet-dsl-01-dev').transform(parseCredentials),
  /** Drivers' personal codes for the end-of-shift questionnaire, `DRIVER:code,…`. */
  DRIVER_CODES: z.string().default(Array.from({ length: 8 }, (_, i) => `D-0${i + 1}:driver-0${i + 1}-dev`).join(',')).transform(parseCredentials),
  /** Bearer tokens of the 'engineer' role (read ratings, questionnaires, dashboards), comma-separated. */
  ENGINEER_TOKENS: z.string().default('engineer-dev-token').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Bearer tokens of the 'admin' role (everything an engineer may, and more), comma-separated. */
  ADMIN_TOKENS: z.string().default('admin-dev-token').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Wall-clock rate limit per tablet token or driver code (requests per minute, answered 429 + Retry-After). */
  FEEDBACK_RATE_LIMIT_PER_MIN: positive.default(600),
  /** How often the scheduler fills the missing trip/position/stop context of ratings (ms). */
  FEEDBACK_CONTEXT_INTERVAL_MS: positive.default(30_000),
  /** How often the scheduler looks for vehicle-days with new data (ms). */
  ANALYTICS_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
  /** A scheduled round recomputes a vehicle-day at most this often while its data keeps changing (ms). */
  ANALYTICS_ROLLUP_MIN_REPEAT_MS: z.coerce.number().int().min(0).default(60_000),
  /** Vehicle-days recomputed per round (the rest wait for the next round). */
  ANALYTICS_ROLLUP_BATCH: positive.default(20),
  /** Prices for the cost per km; the defaults are libs/data's (docs/sources.md#price-cng, #price-diesel). */
  ANALYTICS_PRICE_CNG_EUR_PER_KG: z.coerce.number().positive().default(ENERGY_FACTORS.defaultPrices.cngEurPerKg.value),
  ANALYTICS_PRICE_DIESEL_EUR_PER_L: z.coerce.number().positive().default(ENERGY_FACTORS.defaultPrices.dieselEurPerL.value),
  /** How often the scheduler judges the absence alert rules (offline coach, silent device) and escalates unacknowledged alerts (ms). */
  ALERTS_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** Relative tolerance of the server's ISO 2631-1 weighting of an audit window against the unit's. */
  ANALYTICS_SENSOR_TOLERANCE: z.coerce.number().min(0.01).max(1).default(0.1),
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Secrets whose development default must never reach production. */
const SECRET_VARIABLES = ['MQTT_PASSWORD', 'FLEET_CREDENTIALS', 'TABLET_TOKENS', 'DRIVER_CODES', 'ENGINEER_TOKENS', 'ADMIN_TOKENS'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = envSchema.safeParse(env);
  const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  if (env.NODE_ENV === 'production') {
    for (const name of SECRET_VARIABLES) {
      if (!env[name]) lines.push(`  ${name}: must be set in production (the default is a development secret)`);
    }
  }
  if (result.success) lines.push(...sharedCredentials(result.data));
  if (lines.length || !result.success) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  return result.data;
}

/** A bearer credential names one principal: the same secret for two of them would make one pass for the other. */
function sharedCredentials(c: AppConfig): string[] {
  const owners = new Map<string, string>();
  const lines: string[] = [];
  const claim = (secret: string, owner: string) => {
    const first = owners.get(secret);
    if (first) lines.push(`  ${owner}: the same secret as ${first} (each tablet token, driver code and staff token must be distinct)`);
    else owners.set(secret, owner);
  };
  for (const [id, t] of Object.entries(c.TABLET_TOKENS)) claim(t, `TABLET_TOKENS ${id}`);
  for (const [id, t] of Object.entries(c.DRIVER_CODES)) claim(t, `DRIVER_CODES ${id}`);
  c.ENGINEER_TOKENS.forEach((t, i) => claim(t, `ENGINEER_TOKENS #${i + 1}`));
  c.ADMIN_TOKENS.forEach((t, i) => claim(t, `ADMIN_TOKENS #${i + 1}`));
  return lines;
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
