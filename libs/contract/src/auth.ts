/**
 * HTTP DTOs of logging in (`/api/v1/auth/*`) and of the admin API (`/api/v1/admin/*`): users and
 * their roles, tablet tokens, driver codes and API tokens. Strict objects: an unknown field is a 400.
 * The pages import the types only (and permissions.ts for the constants, without zod).
 */
import { z } from 'zod';
import { DRIVER_ID_PATTERN } from './feedback';
import { PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, PERSON_ROLES, USERNAME_PATTERN, type Permission, type PersonRole, type Role } from './permissions';
import { VEHICLE_ID_PATTERN } from './topics';

/** Login takes whatever was typed (trimmed, lower-cased): a rule about usernames must not tell which ones exist. */
export const loginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(128),
  password: z.string().min(1).max(PASSWORD_MAX_CHARS),
});

const username = z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'lower-case letters, digits and . _ @ + -, 2 to 64 characters');
const password = z.string().min(PASSWORD_MIN_CHARS).max(PASSWORD_MAX_CHARS);
const displayName = z.string().trim().min(1).max(100);
const personRoles = z.array(z.enum(PERSON_ROLES)).min(1).max(PERSON_ROLES.length)
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
  revoked: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('true: only revoked ones; false (default with none): only active ones'),
});

/** Path parameter of the admin API: a user or credential id. */
export const idParamSchema = z.uuid();

export type LoginRequest = z.infer<typeof loginSchema>;
export type CreateUserRequest = z.infer<typeof createUserSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserSchema>;
export type PasswordResetRequest = z.infer<typeof passwordResetSchema>;
export type CreateCredentialRequest = z.infer<typeof createCredentialSchema>;
export type CredentialQuery = z.infer<typeof credentialQuerySchema>;

/** GET /api/v1/auth/me (and the answer of a successful login). */
export interface Me {
  /** `user`: a person with a session; `service`: an API token of one role; `tablet` / `driver`: a device. */
  kind: 'user' | 'service' | 'tablet' | 'driver';
  roles: Role[];
  permissions: Permission[];
  user: { id: string; username: string; displayName: string } | null;
  /** The session of a person: when it ends at the latest, and after how long without a request. */
  session: { expiresAt: string; idleTimeoutSeconds: number } | null;
  vehicleId: string | null;
  driverId: string | null;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: PersonRole[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A stored credential; its secret is never shown again after creation (only its hash is stored). */
export interface CredentialView {
  id: string;
  kind: CredentialKind;
  vehicleId: string | null;
  driverId: string | null;
  role: PersonRole | null;
  /** A tablet's non-secret id, as its ratings carry it (vehicle + a short hash of the token). */
  tabletId: string | null;
  label: string;
  /** `config`: imported from TABLET_TOKENS / DRIVER_CODES / ENGINEER_TOKENS / ADMIN_TOKENS at start-up; `admin`: created in the admin API. */
  origin: 'config' | 'admin';
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** POST /api/v1/admin/credentials: the secret, shown this once. */
export interface CreatedCredential {
  credential: CredentialView;
  secret: string;
}
