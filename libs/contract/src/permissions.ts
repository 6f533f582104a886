/**
 * Who may do what, in one table shared by the server (route declarations: `@Auth('ratings.read')`)
 * and the pages (hide what the signed-in role may not do). No zod here, so the pages can import it.
 *
 * Roles are not ranked: a role grants exactly its permissions, and a person may hold several roles
 * (the first admin from the configuration holds `admin` and `engineer`). In particular `admin`
 * manages users and devices and does NOT imply `engineer`: reading individual answers is a
 * separate grant (docs/security.md).
 */

/** Roles of people, who log in with a password (or, for machines, hold an API token of one role). */
export const PERSON_ROLES = ['engineer', 'policymaker', 'admin'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** Roles of the feedback devices, which hold a bearer credential bound to a coach or a driver. */
export const DEVICE_ROLES = ['tablet', 'driver'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/**
 * Every role of the HTTP API. The on-board units (`vehicle`) speak MQTT only (docs/contract.md):
 * no HTTP credential ever carries that role.
 */
export const HTTP_ROLES = [...PERSON_ROLES, ...DEVICE_ROLES] as const;
export type Role = (typeof HTTP_ROLES)[number];

export const isPersonRole = (v: unknown): v is PersonRole => (PERSON_ROLES as readonly unknown[]).includes(v);

/** Each permission and the roles that hold it. Names are `area.action`; a route declares one permission or roles. */
export const PERMISSIONS = {
  /** Live stream and the live page. */
  'live.read': ['engineer', 'policymaker'],
  /** Summaries: vehicles, series, trips (driver pseudonymous outside engineers), KPIs, comparison, fuel range, refuels, data-quality summary. */
  'summaries.read': ['engineer', 'policymaker'],
  /** The trial configuration: its name, period, candidates and references (admins read it to edit it). */
  'trial.read': ['engineer', 'policymaker', 'admin'],
  /** Change the trial configuration. */
  'trial.manage': ['admin'],
  /** Rating and questionnaire results as aggregates (outside engineers only of at least 5 answers). */
  'feedback.aggregates.read': ['engineer', 'policymaker'],
  /** Individual ratings and their comments, `analytics/ratings/conditions`. */
  'ratings.read': ['engineer'],
  /** Individual questionnaires and per-driver results. */
  'questionnaires.read': ['engineer'],
  /** Real driver ids (everyone else sees pseudonyms: apps/server/src/auth/pseudonym.ts). */
  'drivers.identify': ['engineer'],
  /** Data-quality details: devices, dead letters, reconciliation, sensor checks. */
  'quality.read': ['engineer'],
  'quality.reconcile': ['engineer'],
  /** Alerts: see them, acknowledge them, edit rules, silences and maintenance windows. */
  'alerts.read': ['engineer'],
  'alerts.manage': ['engineer'],
  /** The experience report: list its stored versions and download them (PDF, HTML). */
  'reports.read': ['engineer', 'policymaker'],
  /**
   * Generate a version now. Engineers only: a version quotes passengers' comments (redacted) and
   * costs seconds of CPU; the first admin holds engineer too, a bare admin account does not.
   */
  'reports.generate': ['engineer'],
  /** Operations: run the analytics rollups now. */
  'rollups.run': ['admin'],
  /** Users, their roles and passwords. */
  'users.manage': ['admin'],
  /** Tablet tokens, driver codes and API tokens. */
  'devices.manage': ['admin'],
  /** The devices' own endpoints. */
  'ratings.submit': ['tablet'],
  'questionnaires.submit': ['driver'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export const isPermission = (v: unknown): v is Permission => typeof v === 'string' && Object.prototype.hasOwnProperty.call(PERMISSIONS, v);

/** Whether any of `roles` holds `permission`. */
export const may = (roles: readonly Role[], permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).some((r) => roles.includes(r));

/** Every permission `roles` hold, in table order (what GET /api/v1/auth/me answers). */
export const permissionsOf = (roles: readonly Role[]): Permission[] => PERMISSION_NAMES.filter((p) => may(roles, p));

/** Smallest group a non-engineer may see a questionnaire or rating aggregate of (issue 10, privacy). */
export const MIN_AGGREGATE_ANSWERS = 5;

/** Accounts: a username is lower-case (an e-mail address works); passwords have at least 12 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@+-]{1,63}$/;
export const PASSWORD_MIN_CHARS = 12;
export const PASSWORD_MAX_CHARS = 256;
