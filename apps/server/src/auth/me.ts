/** GET /api/v1/auth/me: who the caller is, their roles and what those permit (the pages hide the rest). */
import { permissionsOf, type Me } from '@app/contract';
import type { Principal } from './principal';

export function meOf(principal: Principal, idleTimeoutSeconds: number): Me {
  return {
    kind: principal.kind,
    roles: [...principal.roles],
    permissions: permissionsOf(principal.roles),
    user: principal.kind === 'user' ? { id: principal.userId, username: principal.username, displayName: principal.displayName } : null,
    session: principal.kind === 'user' ? { expiresAt: principal.session.expiresAt.toISOString(), idleTimeoutSeconds } : null,
    vehicleId: principal.kind === 'tablet' ? principal.vehicleId : null,
    driverId: principal.kind === 'driver' ? principal.driverId : null,
  };
}
