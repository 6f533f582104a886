import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { ApiException } from '../common/api-error';
import type { AppConfig } from '../config/app-config';
import { CredentialService } from './credential.service';
import { RolesGuard } from './roles.guard';
import type { Role } from './roles';

const config = { ADMIN_TOKENS: ['adm'], ENGINEER_TOKENS: ['eng1', 'eng2'], TABLET_TOKENS: { 'GNV-01': 'tab' }, DRIVER_CODES: { 'D-01': 'drv' } } as unknown as AppConfig;

function context(required: Role[] | undefined, authorization?: string) {
  const headers: Record<string, string> = {};
  const req: { headers: Record<string, string | undefined>; principal?: unknown } = { headers: { authorization } };
  const ctx = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }) }),
  } as unknown as ExecutionContext;
  const reflector = { getAllAndOverride: () => required } as unknown as Reflector;
  return { guard: new RolesGuard(reflector, new CredentialService(config)), ctx, req, headers };
}

const status = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (error) {
    return (error as ApiException).getStatus();
  }
};

describe('RolesGuard', () => {
  it('lets an engineer read and an admin do everything', () => {
    const e = context(['engineer'], 'Bearer eng2');
    expect(e.guard.canActivate(e.ctx)).toBe(true);
    expect(e.req.principal).toMatchObject({ role: 'engineer' });
    const a = context(['engineer'], 'Bearer adm');
    expect(a.guard.canActivate(a.ctx)).toBe(true);
  });

  it('401 with WWW-Authenticate for a missing, malformed, unknown or non-staff token', () => {
    for (const header of [undefined, 'eng1', 'Basic eng1', 'Bearer nope', 'Bearer eng1x', 'Bearer tab', 'Bearer drv']) {
      const c = context(['engineer'], header);
      expect(status(() => c.guard.canActivate(c.ctx))).toBe(401);
      expect(c.headers['WWW-Authenticate']).toMatch(/^Bearer/);
    }
  });

  it('403 when the role is too low; admin-only when a route names no role', () => {
    const c = context(['admin'], 'Bearer eng1');
    expect(status(() => c.guard.canActivate(c.ctx))).toBe(403);
    const d = context(undefined, 'Bearer eng1');
    expect(status(() => d.guard.canActivate(d.ctx))).toBe(403);
  });
});
