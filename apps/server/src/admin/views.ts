/** Rows of the access-control tables → what the admin API answers (never a hash). */
import type { CredentialView, UserView } from '@app/contract';
import { tabletIdOf } from '../auth/credential.service';
import type { CredentialRow } from '../auth/credentials.repository';
import type { UserRow } from '../auth/users.repository';

export const userView = (u: UserRow): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: u.roles,
  disabled: u.disabled,
  createdAt: u.created_at.toISOString(),
  updatedAt: u.updated_at.toISOString(),
});

export const credentialView = (c: CredentialRow): CredentialView => ({
  id: c.id,
  kind: c.kind,
  vehicleId: c.vehicle_id,
  driverId: c.driver_id,
  role: c.role,
  tabletId: c.kind === 'tablet' ? tabletIdOf(c.vehicle_id!, c.token_hash) : null,
  label: c.label,
  origin: c.origin,
  createdAt: c.created_at.toISOString(),
  createdBy: c.created_by,
  revokedAt: c.revoked_at?.toISOString() ?? null,
  revokedBy: c.revoked_by,
});
