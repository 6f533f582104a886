/**
 * Roles and permissions live in libs/contract (permissions.ts), shared with the pages. A route
 * declares either roles or permissions; both resolve here to the set of roles that may call it.
 */
import { HTTP_ROLES, isPermission, PERMISSIONS, type Permission, type Role } from '@app/contract';

export { HTTP_ROLES, type Permission, type Role };

/** What `@Auth(...)` accepts: a role (`'engineer'`) or a permission (`'ratings.read'`). */
export type AccessItem = Role | Permission;

/** The roles `items` allow, in the order of HTTP_ROLES (what the OpenAPI `x-roles` lists). */
export function rolesAllowed(items: readonly AccessItem[]): Role[] {
  const allowed = new Set<Role>();
  for (const item of items) {
    if (isPermission(item)) for (const role of PERMISSIONS[item]) allowed.add(role);
    else if ((HTTP_ROLES as readonly string[]).includes(item)) allowed.add(item);
    else throw new Error(`@Auth: "${String(item)}" is neither a role nor a permission`);
  }
  return HTTP_ROLES.filter((r) => allowed.has(r));
}

/** Whether a principal holding `held` may pass a route open to `allowed`. Roles are not ranked. */
export const grants = (held: readonly Role[], allowed: readonly Role[]): boolean => held.some((r) => allowed.includes(r));
