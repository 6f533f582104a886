/**
 * HTTP DTOs of logging in (`/api/v1/auth/*`) and of the admin API (`/api/v1/admin/*`): users and
 * their roles, tablet tokens, driver codes and API tokens. Strict objects: an unknown field is a 400.
 * The pages import the types only (and permissions.ts for the constants, without zod).
 */
import { z } from 'zod';
import { DRIVER_ID_PATTERN } from './feedback';
import {
  HTTP_ROLES,
  PASSWORD_MAX_CHARS,
  PASSWORD_MIN_CHARS,
  PERMISSION_NAMES,
  PERSON_ROLES,
  USERNAME_PATTERN,
  type Permission,
} from './permissions';
import { VEHICLE_ID_PATTERN } from './topics';

/** Login takes whatever was typed (trimmed, lower-cased): a rule about usernames must not tell which ones exist. */
export const loginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(128),
  password: z.string().min(1).max(PASSWORD_MAX_CHARS),
});

const username = z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'lower-case letters, digits and . _ @ + -, 2 to 64 characters');
const password = z.string().min(PASSWORD_MIN_CHARS).max(PASSWORD_MAX_CHARS);
const displayName = z.string().trim().min(1).max(100);
const personRoles = z
  .array(z.enum(PERSON_ROLES))
  .min(1)
  .max(PERSON_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'each role once');
const label = z.string().trim().max(100).describe('A note for the admins (where the tablet is, whose code it is)');

export const createUserSchema = z.strictObject({ username, displayName, roles: personRoles, password });
export const updateUserSchema = z
  .strictObject({ displayName: displayName.optional(), roles: personRoles.optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export const passwordResetSchema = z.strictObject({ password });

export const createCredentialSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tablet'), vehicleId: z.string().regex(VEHICLE_ID_PATTERN), label: label.optional() }),
  z.strictObject({ kind: z.literal('driver'), driverId: z.string().regex(DRIVER_ID_PATTERN), label: label.optional() }),
  z.strictObject({ kind: z.literal('service'), role: z.enum(PERSON_ROLES), label: label.optional() }),
]);

export const CREDENTIAL_KINDS = ['tablet', 'driver', 'service'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export const credentialQuerySchema = z.strictObject({
  kind: z.enum(CREDENTIAL_KINDS).optional(),
  revoked: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only revoked ones; false (default with none): only active ones'),
});

/** Path parameter of the admin API: a user or credential id. */
export const idParamSchema = z.uuid();

export type LoginRequest = z.infer<typeof loginSchema>;
export type CreateUserRequest = z.infer<typeof createUserSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserSchema>;
export type PasswordResetRequest = z.infer<typeof passwordResetSchema>;
export type CreateCredentialRequest = z.infer<typeof createCredentialSchema>;
export type CredentialQuery = z.infer<typeof credentialQuerySchema>;

const instant = z.string().describe('ISO-8601 UTC');

/** GET /api/v1/auth/me (and the answer of a successful login). */
export const meSchema = z
  .strictObject({
    kind: z
      .enum(['user', 'service', 'tablet', 'driver'])
      .describe('`user`: a person with a session; `service`: an API token of one role; `tablet` / `driver`: a device'),
    roles: z.array(z.enum(HTTP_ROLES)),
    permissions: z.array(z.enum(PERMISSION_NAMES as [Permission, ...Permission[]])),
    user: z.strictObject({ id: z.string(), username: z.string(), displayName: z.string() }).nullable(),
    session: z
      .strictObject({ expiresAt: instant, idleTimeoutSeconds: z.number().int() })
      .nullable()
      .describe('The session of a person: when it ends at the latest, and after how long without a request'),
    vehicleId: z.string().nullable(),
    driverId: z.string().nullable(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const userViewSchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(PERSON_ROLES)),
    disabled: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'UserView' });
export type UserView = z.infer<typeof userViewSchema>;

/** A stored credential; its secret is never shown again after creation (only its hash is stored). */
export const credentialViewSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(CREDENTIAL_KINDS),
    vehicleId: z.string().nullable(),
    driverId: z.string().nullable(),
    role: z.enum(PERSON_ROLES).nullable(),
    tabletId: z.string().nullable().describe('A tablet’s non-secret id, as its ratings carry it (vehicle + a short hash of the token)'),
    label: z.string(),
    origin: z
      .enum(['config', 'admin'])
      .describe(
        '`config`: imported from TABLET_TOKENS / DRIVER_CODES / ENGINEER_TOKENS / ADMIN_TOKENS at start-up; `admin`: created in the admin API',
      ),
    createdAt: instant,
    createdBy: z.string().nullable(),
    revokedAt: instant.nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: 'CredentialView' });
export type CredentialView = z.infer<typeof credentialViewSchema>;

/** POST /api/v1/admin/credentials: the secret, shown this once. */
export const createdCredentialSchema = z
  .strictObject({ credential: credentialViewSchema, secret: z.string().describe('Shown this once; only its hash is stored') })
  .meta({ id: 'CreatedCredential' });
export type CreatedCredential = z.infer<typeof createdCredentialSchema>;
