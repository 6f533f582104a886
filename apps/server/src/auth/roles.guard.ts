/**
 * Bearer-token role guard for staff endpoints (engineers' reads, the future dashboard, admin
 * actions). The token is resolved by CredentialService (ENGINEER_TOKENS, ADMIN_TOKENS); 'admin'
 * includes 'engineer'. Use `@Auth('engineer')` on a controller or a handler.
 *   missing, unknown or non-staff token → 401 `unauthorized` with `WWW-Authenticate: Bearer`
 *   staff token, role too low → 403 `forbidden`
 */
import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiException } from '../common/api-error';
import { ApiErrorResponse } from '../common/openapi-errors';
import { CredentialService } from './credential.service';
import type { StaffPrincipal } from './principal';
import { grants, type Role } from './roles';

export const ROLES_KEY = 'auth:roles';

export type StaffRequest = Request & { principal?: StaffPrincipal };

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? ['admin'];
    const http = context.switchToHttp();
    const req = http.getRequest<StaffRequest>();
    const principal = this.credentials.fromRequest(req);
    if (!principal || (principal.kind !== 'engineer' && principal.kind !== 'admin')) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="trial"');
      throw new ApiException(401, 'unauthorized', 'a valid staff bearer token is required (Authorization: Bearer <token>)');
    }
    if (!grants(principal.role, required)) {
      throw new ApiException(403, 'forbidden', `role "${principal.role}" may not do this (needs ${required.join(' or ')})`);
    }
    req.principal = { role: principal.role, label: principal.label };
    return true;
  }
}

/** Protects a controller or handler: the bearer token must hold one of `roles` (admin always passes). */
export const Auth = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(RolesGuard),
    ApiBearerAuth(),
    ApiErrorResponse(401, '`unauthorized`: missing or unknown bearer token'),
    ApiErrorResponse(403, `\`forbidden\`: the token's role is not ${roles.join(' or ')}`),
  );
