/**
 * Configuration, validated once at start-up into a typed object. A bad value stops the process
 * with a message naming the variable. Every default runs the embedded mode on a fresh machine.
 */
import { accessSync, constants } from 'node:fs';
import { z } from 'zod';
import { PASSWORD_MIN_CHARS, USERNAME_PATTERN } from '@app/contract';
import { ENERGY_FACTORS } from '@app/data';

const MODULES = ['ingest', 'api', 'scheduler'] as const;
export type ServerModule = (typeof MODULES)[number];

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** `ID:secret,ID:secret` — the per-vehicle MQTT credentials (the vehicle id is the MQTT username). */
function splitPairs(value: string): { pairs: Record<string, string> } | { bad: string } {
  const pairs: Record<string, string> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = pair.indexOf(':');
    if (i <= 0 || i === pair.length - 1) return { bad: pair };
    pairs[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return { pairs };
}

const parseCredentials = (value: string, ctx: z.RefinementCtx): Record<string, string> => {
  const split = splitPairs(value);
  if ('pairs' in split) return split.pairs;
  // The id only: the part after ':' would be a secret.
  ctx.addIssue({ code: 'custom', message: `"${split.bad.split(':')[0]}:…" is not ID:secret` });
  return z.NEVER;
};
const devPairs = (value: string): string[] => Object.values((splitPairs(value) as { pairs: Record<string, string> }).pairs);

/** Development defaults of the access-control secrets (docs/security.md); production refuses them. */
export const DEV_ADMIN_USERNAME = 'admin';
export const DEV_ADMIN_PASSWORD = 'trial-admin-dev';
const DEV_PSEUDONYM_SECRET = 'pseudonym-dev-secret-not-for-production';
const DEV_TABLET_TOKENS = 'GNV-01:tablet-gnv-01-dev,DSL-01:tablet-dsl-01-dev';
const DEV_DRIVER_CODES = Array.from({ length: 8 }, (_, i) => `D-0${i + 1}:driver-0${i + 1}-dev`).join(',');
const DEV_ENGINEER_TOKENS = 'engineer-dev-token';
const DEV_ADMIN_TOKENS = 'admin-dev-token';
const DEV_MQTT_PASSWORD = 'ingest-dev-secret';
const DEV_FLEET_CREDENTIALS = 'GNV-01:gnv-01-dev-secret,DSL-01:dsl-01-dev-secret';
/** Passwords an attacker tries first; production refuses them as ADMIN_PASSWORD (with the dev default). */
const WEAK_PASSWORDS = [
  DEV_ADMIN_PASSWORD,
  'password1234',
  'administrator',
  'admin-password',
  'changeme1234',
  '123456789012',
  'qwertyuiopas',
];

/** Express's `trust proxy`: true/false, a hop count, or addresses/subnets (`loopback, 10.0.0.0/8`). */
const trustProxy = z
  .string()
  .min(1)
  .transform((v): boolean | number | string => {
    if (v === 'true' || v === 'false') return v === 'true';
    return /^\d+$/.test(v) ? Number(v) : v;
  });

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
  /**
   * TLS for the on-board units (PEM files). With both set, the embedded broker also listens with
   * TLS on MQTT_TLS_HOST:MQTT_TLS_PORT (mqtts://); with Mosquitto, its own listener 8883 does it
   * (deploy/mosquitto/mosquitto.docker.conf).
   */
  MQTT_TLS_CERT_FILE: z.string().min(1).optional(),
  MQTT_TLS_KEY_FILE: z.string().min(1).optional(),
  MQTT_TLS_PORT: port.default(8883),
  MQTT_TLS_HOST: z.string().default('0.0.0.0'),
  /** CA the server trusts for an mqtts:// MQTT_URL (a private CA); unset: the system's CAs. */
  MQTT_CA_FILE: z.string().min(1).optional(),
  /** HTTPS served directly (PEM files); unset: plain HTTP, for a TLS-terminating reverse proxy (docs/production.md). */
  HTTP_TLS_CERT_FILE: z.string().min(1).optional(),
  HTTP_TLS_KEY_FILE: z.string().min(1).optional(),
  /**
   * The ingest's login, and its client id: a client id belongs to its username on both brokers
   * (Mosquitto `use_username_as_clientid`, the embedded broker's authenticate hook), so that no
   * other login can take or wipe the ingest's persistent session (the broker queues QoS 1 messages
   * for it while the server restarts). Each ingest process of a shared group has its own login.
   */
  MQTT_USERNAME: z.string().min(1).max(64).default('ingest'),
  MQTT_PASSWORD: z.string().min(1).default(DEV_MQTT_PASSWORD),
  MQTT_CLEAN_SESSION: bool.default(false),
  /** Per-vehicle credentials enforced by the embedded broker (Mosquitto uses its password file). */
  FLEET_CREDENTIALS: z.string().default(DEV_FLEET_CREDENTIALS).transform(parseCredentials),
  DATA_DIR: z.string().default('./data'),
  /** Which parts this process runs; several ingest processes may share the load (INGEST_SHARE_GROUP). */
  MODULES: z
    .string()
    .default(MODULES.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(MODULES)).min(1)),
  /** MQTT 5 shared-subscription group (Mosquitto, EMQX); Aedes has none. */
  INGEST_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
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
  /**
   * Seeds of the credentials table (docs/security.md): imported at start-up when their hash is
   * absent (a revoked one stays revoked); the admin API creates and revokes the rest without a
   * restart. Unset in production: nothing is imported.
   * Passenger tablets, `VEHICLE:token,…`: each token is bound to one vehicle.
   */
  TABLET_TOKENS: z.string().default(DEV_TABLET_TOKENS).transform(parseCredentials),
  /** Drivers' personal codes for the end-of-shift questionnaire, `DRIVER:code,…`. */
  DRIVER_CODES: z.string().default(DEV_DRIVER_CODES).transform(parseCredentials),
  /** API tokens (machines: the simulator's reconciliation, scripts) of the 'engineer' role, comma-separated. */
  ENGINEER_TOKENS: z
    .string()
    .default(DEV_ENGINEER_TOKENS)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** API tokens of the 'admin' role (users, devices, the rollup trigger; not the engineers' data), comma-separated. */
  ADMIN_TOKENS: z
    .string()
    .default(DEV_ADMIN_TOKENS)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** The first admin, created at start-up when no enabled admin exists (roles admin + engineer). */
  ADMIN_USERNAME: z.string().trim().toLowerCase().regex(USERNAME_PATTERN).default(DEV_ADMIN_USERNAME),
  ADMIN_PASSWORD: z.string().min(PASSWORD_MIN_CHARS).default(DEV_ADMIN_PASSWORD),
  /** A session ends after this long without a request (s), and at the latest this long after login (s). */
  SESSION_IDLE_TIMEOUT_S: positive.default(3600),
  SESSION_ABSOLUTE_TIMEOUT_S: positive.default(12 * 3600),
  /**
   * true: the session cookie is `__Host-trial_session; Secure` (browsers keep it on https and on
   * http://localhost / 127.0.0.1). false (development over plain http on another address only):
   * `trial_session` without Secure. Refused in production.
   */
  SESSION_COOKIE_SECURE: bool.default(true),
  /** Failed logins allowed per username and per client address within LOGIN_THROTTLE_WINDOW_S; then 429 + Retry-After. */
  LOGIN_MAX_FAILURES_PER_USER: positive.default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: positive.default(20),
  LOGIN_THROTTLE_WINDOW_S: positive.default(900),
  /** Key of the driver pseudonyms shown outside the engineer role (HMAC-SHA-256); changing it changes every pseudonym. */
  PSEUDONYM_SECRET: z.string().min(16).default(DEV_PSEUDONYM_SECRET),
  /** Behind a reverse proxy: Express's `trust proxy`, so that the client address (login throttling) is the real one. */
  HTTP_TRUST_PROXY: trustProxy.optional(),
  /** Wall-clock rate limit per tablet token or driver code (requests per minute, answered 429 + Retry-After). */
  FEEDBACK_RATE_LIMIT_PER_MIN: positive.default(600),
  /** How often the scheduler fills the missing trip/position/stop context of ratings (ms). */
  FEEDBACK_CONTEXT_INTERVAL_MS: positive.default(30_000),
  /** How often the scheduler looks for vehicle-days with new data (ms). */
  ANALYTICS_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
  /** A scheduled round recomputes a vehicle-day at most this often while its data keeps changing (ms); a settled day goes at once (rollup-throttle.ts). */
  ANALYTICS_ROLLUP_MIN_REPEAT_MS: z.coerce.number().int().min(0).default(60_000),
  /** Vehicle-days recomputed per round (the rest wait for the next round). */
  ANALYTICS_ROLLUP_BATCH: positive.default(20),
  /** Prices for the cost per km; the defaults are libs/data's (docs/sources.md#price-cng, #price-diesel). */
  ANALYTICS_PRICE_CNG_EUR_PER_KG: z.coerce.number().positive().default(ENERGY_FACTORS.defaultPrices.cngEurPerKg.value),
  ANALYTICS_PRICE_DIESEL_EUR_PER_L: z.coerce.number().positive().default(ENERGY_FACTORS.defaultPrices.dieselEurPerL.value),
  /** How often the scheduler judges the absence alert rules (offline coach, silent device) and escalates unacknowledged alerts (ms). */
  ALERTS_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Bearer token Prometheus sends to scrape /metrics (`authorization: Bearer …`). Unset: /metrics
   * is open (development). Production requires it.
   */
  METRICS_TOKEN: z.string().min(1).optional(),
  /**
   * Earliest `answeredAt` a rating or questionnaire may carry (ISO date). Unset: the trial period's
   * first day minus ANSWERED_AT_MARGIN_DAYS (libs/data/src/trial.ts), so that a tablet's clock reset to
   * 1970 or year 0001 is refused instead of stored.
   */
  ANSWERED_AT_EARLIEST: z.iso.date().optional(),
  ANSWERED_AT_MARGIN_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** How often the scheduler checks, on the data's clock, whether a nightly interim report or the final report is due (ms; reports/report-schedule.ts). */
  REPORTS_SCHEDULE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Relative tolerance of the server's ISO 2631-1 weighting of an audit window against the unit's. */
  ANALYTICS_SENSOR_TOLERANCE: z.coerce.number().min(0.01).max(1).default(0.1),
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Secrets whose development default must never reach production. */
const SECRET_VARIABLES = ['MQTT_PASSWORD', 'FLEET_CREDENTIALS', 'ADMIN_PASSWORD', 'PSEUDONYM_SECRET', 'METRICS_TOKEN'] as const;
/** Shortest secret production accepts (`npm run secrets` generates 32 characters). */
export const PRODUCTION_SECRET_MIN_CHARS = 16;
/** Seeds of the credentials table: in production nothing is imported unless set. */
const SEED_VARIABLES = ['TABLET_TOKENS', 'DRIVER_CODES', 'ENGINEER_TOKENS', 'ADMIN_TOKENS'] as const;
/** Every development value of a secret: production refuses each of them wherever it is set. */
const DEV_SECRETS = new Set([
  ...devPairs(DEV_TABLET_TOKENS),
  ...devPairs(DEV_DRIVER_CODES),
  ...devPairs(DEV_FLEET_CREDENTIALS),
  DEV_ENGINEER_TOKENS,
  DEV_ADMIN_TOKENS,
  DEV_MQTT_PASSWORD,
  DEV_PSEUDONYM_SECRET,
  DEV_ADMIN_PASSWORD,
]);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const effective = production ? { ...env, ...Object.fromEntries(SEED_VARIABLES.map((name) => [name, env[name] ?? ''])) } : env;
  const result = envSchema.safeParse(effective);
  const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  if (production) {
    for (const name of SECRET_VARIABLES) {
      if (!env[name]) lines.push(`  ${name}: must be set in production (the default is a development secret)`);
    }
    if (result.success) lines.push(...productionRefusals(result.data, env));
  }
  if (result.success) lines.push(...sharedCredentials(result.data), ...tlsFiles(result.data));
  if (lines.length || !result.success) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  return result.data;
}

/**
 * What production refuses even when set: any development value, any secret shorter than
 * PRODUCTION_SECRET_MIN_CHARS, a well-known admin password, an insecure cookie. Each line names
 * the variable (and the entry's id for lists), never the value.
 */
function productionRefusals(c: AppConfig, env: NodeJS.ProcessEnv): string[] {
  const lines: string[] = [];
  const secrets: Array<[string, string | undefined]> = [
    ['MQTT_PASSWORD', c.MQTT_PASSWORD],
    ['ADMIN_PASSWORD', env.ADMIN_PASSWORD ? c.ADMIN_PASSWORD : undefined],
    ['PSEUDONYM_SECRET', env.PSEUDONYM_SECRET ? c.PSEUDONYM_SECRET : undefined],
    ['METRICS_TOKEN', c.METRICS_TOKEN],
    ...Object.entries(c.FLEET_CREDENTIALS).map(([id, s]): [string, string] => [`FLEET_CREDENTIALS ${id}`, s]),
    ...Object.entries(c.TABLET_TOKENS).map(([id, s]): [string, string] => [`TABLET_TOKENS ${id}`, s]),
    ...Object.entries(c.DRIVER_CODES).map(([id, s]): [string, string] => [`DRIVER_CODES ${id}`, s]),
    ...c.ENGINEER_TOKENS.map((s, i): [string, string] => [`ENGINEER_TOKENS #${i + 1}`, s]),
    ...c.ADMIN_TOKENS.map((s, i): [string, string] => [`ADMIN_TOKENS #${i + 1}`, s]),
  ];
  for (const [name, secret] of secrets) {
    if (secret === undefined) continue;
    if (DEV_SECRETS.has(secret)) lines.push(`  ${name}: holds a development secret; generate your own (npm run secrets)`);
    else if (secret.length < PRODUCTION_SECRET_MIN_CHARS) lines.push(`  ${name}: shorter than ${PRODUCTION_SECRET_MIN_CHARS} characters`);
  }
  if (
    env.ADMIN_PASSWORD &&
    (WEAK_PASSWORDS.includes(c.ADMIN_PASSWORD.toLowerCase()) || c.ADMIN_PASSWORD.toLowerCase() === c.ADMIN_USERNAME)
  ) {
    lines.push('  ADMIN_PASSWORD: a development default or a well-known password; choose another');
  }
  if (env.PSEUDONYM_SECRET && c.PSEUDONYM_SECRET.length < 32)
    lines.push('  PSEUDONYM_SECRET: must be a secret of your own, at least 32 characters');
  if (!c.SESSION_COOKIE_SECURE) lines.push('  SESSION_COOKIE_SECURE: must be true in production (serve over HTTPS)');
  return lines;
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

/** Certificate and key come in pairs, and must be readable files. */
function tlsFiles(c: AppConfig): string[] {
  const lines: string[] = [];
  const pairs = [
    ['MQTT_TLS_CERT_FILE', 'MQTT_TLS_KEY_FILE'],
    ['HTTP_TLS_CERT_FILE', 'HTTP_TLS_KEY_FILE'],
  ] as const;
  for (const [cert, key] of pairs) {
    if (Boolean(c[cert]) !== Boolean(c[key])) lines.push(`  ${c[cert] ? key : cert}: required with ${c[cert] ? cert : key}`);
  }
  for (const name of ['MQTT_TLS_CERT_FILE', 'MQTT_TLS_KEY_FILE', 'MQTT_CA_FILE', 'HTTP_TLS_CERT_FILE', 'HTTP_TLS_KEY_FILE'] as const) {
    const file = c[name];
    if (file && !readable(file)) lines.push(`  ${name}: cannot read ${file}`);
  }
  return lines;
}

const readable = (file: string): boolean => {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
