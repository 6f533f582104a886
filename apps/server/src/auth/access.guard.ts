/**
 * The global guard (APP_GUARD) in front of every route: deny by default.
 *  - `@Public()` → passes;
 *  - `@Auth(...)` → the credential (session cookie or bearer token) must resolve, else 401
 *    `unauthorized` with `WWW-Authenticate: Bearer`; its roles must include one allowed, else 403
 *    `forbidden`; the principal is then on the request (`@CurrentPrincipal()`);
 *  - neither → refused (403): a route that forgets its declaration is closed, not open. (The
 *    'allow' mode, which let such routes through with a warning, served the migration to
 *    declarations and is kept only for that; RouteDeclarationsReport lists them at start-up.)
 */
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ApiException } from '../common/api-error';
import { ACCESS_KEY, type AccessDeclaration } from './auth.decorators';
import { CredentialService } from './credential.service';
import type { AuthenticatedRequest } from './principal';
import { grants } from './roles';

export type UndeclaredRoutes = 'allow' | 'deny';
export const UNDECLARED_ROUTES_MODE: UndeclaredRoutes = 'deny';
export const UNDECLARED_ROUTES = Symbol('UNDECLARED_ROUTES');

export const declarationOf = (
  reflector: Reflector,
  ctx: Pick<ExecutionContext, 'getHandler' | 'getClass'>,
): AccessDeclaration | undefined =>
  reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');
  private readonly warned = new Set<string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialService,
    @Inject(UNDECLARED_ROUTES) private readonly undeclared: UndeclaredRoutes,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const declaration = declarationOf(this.reflector, context);
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    if (!declaration) return this.undeclaredRoute(context, req);
    if (declaration.public) return true;
    const principal = await this.credentials.authenticate(req);
    if (!principal) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="trial"');
      throw new ApiException(401, 'unauthorized', 'sign in (session cookie) or send a valid bearer token (Authorization: Bearer <token>)');
    }
    if (!grants(principal.roles, declaration.roles)) {
      throw new ApiException(
        403,
        'forbidden',
        `role ${principal.roles.join(', ')} may not do this (needs ${declaration.roles.join(' or ')})`,
      );
    }
    req.principal = principal;
    return true;
  }

  private undeclaredRoute(context: ExecutionContext, req: AuthenticatedRequest): boolean {
    if (this.undeclared === 'deny') throw new ApiException(403, 'forbidden', 'this route declares no access rule (deny by default)');
    const name = `${context.getClass().name}.${context.getHandler().name}`;
    if (!this.warned.has(name)) {
      this.warned.add(name);
      this.logger.warn(
        `${req.method} ${req.route?.path ?? req.path} (${name}) declares no access rule: allowed until UNDECLARED_ROUTES_MODE is 'deny'`,
      );
    }
    return true;
  }
}
