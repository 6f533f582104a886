/**
 * Bearer-token role guard for staff endpoints (engineers' reads, the future dashboard, admin
 * actions). Tokens come from config (ENGINEER_TOKENS, ADMIN_TOKENS); 'admin' includes 'engineer'.
 * Use `@Auth('engineer')` on a controller or a handler.
 *   missing or unknown token → 401 `unauthorized` with `WWW-Authenticate: Bearer`
 *   known token, role too low → 403 `forbidden`
 */
import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { ApiException } from '../common/api-error';
import { bearerToken, safeEqual } from '../common/bearer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { grants, type Principal, type Role } from './roles';

export const ROLES_KEY = 'auth:roles';

export type StaffRequest = Request & { principal?: Principal };

@Injectable()
export class RolesGuard implements CanActivate {
  private readonly tokens: Array<{ token: string; role: Role }>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = [
      ...config.ADMIN_TOKENS.map((token) => ({ token, role: 'admin' as const })),
      ...config.ENGINEER_TOKENS.map((token) => ({ token, role: 'engineer' as const })),
    ];
  }

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? ['admin'];
    const http = context.switchToHttp();
    const req = http.getRequest<StaffRequest>();
    const principal = this.authenticate(bearerToken(req));
    if (!principal) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="trial"');
      throw new ApiException(401, 'unauthorized', 'a valid staff bearer token is required (Authorization: Bearer <token>)');
    }
    if (!grants(principal.role, required)) {
      throw new ApiException(403, 'forbidden', `role "${principal.role}" may not do this (needs ${required.join(' or ')})`);
    }
    req.principal = principal;
    return true;
  }

  /** Compares against every configured token (constant time each), so timing tells nothing. */
  authenticate(token: string | null): Principal | null {
    if (!token) return null;
    let found: Role | null = null;
    for (const t of this.tokens) if (safeEqual(t.token, token) && !found) found = t.role;
    return found ? { role: found, label: `${found}:${createHash('sha256').update(token).digest('hex').slice(0, 8)}` } : null;
  }
}

/** Protects a controller or handler: the bearer token must hold one of `roles` (admin always passes). */
export const Auth = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: '`unauthorized`: missing or unknown bearer token' }),
    ApiForbiddenResponse({ description: `\`forbidden\`: the token's role is not ${roles.join(' or ')}` }),
  );
