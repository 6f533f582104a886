/** Who a request acts for, once CredentialService has resolved its bearer credential. */
import type { Role } from './roles';

/** What the feedback services need of a passenger tablet. */
export interface TabletPrincipal {
  vehicleId: string;
  /** Non-secret id of the device: vehicle + a short hash of its token. */
  tabletId: string;
}

export interface DriverPrincipal {
  driverId: string;
}

/** What an authenticated staff request carries (req.principal). */
export interface StaffPrincipal {
  role: Role;
  /** A short, non-secret label of the token (for logs), never the token. */
  label: string;
}

/** Every kind of credential; `label` is a short non-secret name (logs, rate-limit keys). */
export type Principal =
  | ({ kind: 'tablet'; label: string } & TabletPrincipal)
  | ({ kind: 'driver'; label: string } & DriverPrincipal)
  | ({ kind: Role } & StaffPrincipal);

export type PrincipalKind = Principal['kind'];
