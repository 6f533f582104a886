/**
 * Who a request acts for, once the AccessGuard has resolved its credential (a session cookie or a
 * bearer token: CredentialService). It is on the request as `req.principal`; handlers read it with
 * `@CurrentPrincipal()` and hand it to the services that must know the caller's roles (privacy:
 * pseudonym.ts, `may()` of libs/contract).
 */
import type { PersonRole, Role } from '@app/contract';
import type { Request } from 'express';

/** What the feedback services need of a passenger tablet. */
export interface TabletPrincipal {
  vehicleId: string;
  /** Non-secret id of the device: vehicle + a short hash of its token. */
  tabletId: string;
}

export interface DriverPrincipal {
  driverId: string;
}

interface Base {
  roles: readonly Role[];
  /** A short, non-secret name (logs, rate-limit keys), never a secret. */
  label: string;
}

/** A person signed in with a password; their roles are read from the database on every request. */
export interface UserPrincipal extends Base {
  kind: 'user';
  roles: readonly PersonRole[];
  userId: string;
  username: string;
  displayName: string;
  session: { expiresAt: Date };
}

/** A machine holding an API token of one person role (ENGINEER_TOKENS, ADMIN_TOKENS, the admin API). */
export interface ServicePrincipal extends Base {
  kind: 'service';
  roles: readonly [PersonRole];
  credentialId: string;
}

export type Principal =
  | UserPrincipal
  | ServicePrincipal
  | ({ kind: 'tablet'; roles: readonly ['tablet']; credentialId: string } & Base & TabletPrincipal)
  | ({ kind: 'driver'; roles: readonly ['driver']; credentialId: string } & Base & DriverPrincipal);

export type PrincipalKind = Principal['kind'];

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The principal the AccessGuard put on the request (undefined on a public route without credentials). */
export const principalOf = (req: Request): Principal | undefined => (req as AuthenticatedRequest).principal;

/** The signed-in person a change is recorded against (`created_by`, `revoked_by`); null for a token. */
export const actingUserId = (p: Principal): string | null => (p.kind === 'user' ? p.userId : null);
