/**
 * Every route declares who may call it, with one of two decorators (on the handler, or on the
 * controller for all its handlers; the handler's wins):
 *  - `@Auth(...rolesOrPermissions)`: `@Auth('engineer')`, `@Auth('ratings.read')`,
 *    `@Auth('engineer', 'policymaker')`. A permission stands for the roles of libs/contract's
 *    PERMISSIONS table. The caller must hold one of the resulting roles (roles are not ranked).
 *  - `@Public()`: anyone (the pages, /health, login).
 * The global AccessGuard enforces them (access.guard.ts). Both are recorded in the OpenAPI
 * operation (`x-roles`, `x-public`) so that the role-matrix test reads who may call what from the
 * served document (test/support/role-matrix.ts).
 */
import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension } from '@nestjs/swagger';
import { ApiErrorResponse } from '../common/openapi-errors';
import { type AuthenticatedRequest, type Principal } from './principal';
import { rolesAllowed, type AccessItem, type Role } from './roles';

export const ACCESS_KEY = 'auth:access';

export type AccessDeclaration = { public: true } | { public: false; roles: Role[] };

export const Auth = (...items: AccessItem[]) => {
  const roles = rolesAllowed(items);
  if (!roles.length) throw new Error('@Auth needs at least one role or permission');
  return applyDecorators(
    SetMetadata(ACCESS_KEY, { public: false, roles } satisfies AccessDeclaration),
    ApiExtension('x-roles', roles),
    ApiExtension('x-public', false),
    ApiBearerAuth(),
    ApiCookieAuth(),
    ApiErrorResponse(401, '`unauthorized`: no valid session cookie or bearer token'),
    ApiErrorResponse(403, `\`forbidden\`: the caller's role is not ${roles.join(' or ')}`),
  );
};

export const Public = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { public: true } satisfies AccessDeclaration),
    ApiExtension('x-roles', []),
    ApiExtension('x-public', true),
  );

/** The caller, as the AccessGuard resolved it (set on every route that has `@Auth`). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal!,
);
