import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { ApiException } from '../common/api-error';
import { AccessGuard, type UndeclaredRoutes } from './access.guard';
import { Auth, Public } from './auth.decorators';
import type { CredentialService } from './credential.service';
import type { Principal } from './principal';

class Routes {
  @Auth('ratings.read') ratings() {}
  @Auth('engineer', 'policymaker') summaries() {}
  @Public() health() {}
  undeclared() {}
}

@Auth('users.manage')
class AdminRoutes {
  list() {}
  @Public() open() {}
}

const principals: Record<string, Principal> = {
  engineer: {
    kind: 'user',
    roles: ['engineer'],
    userId: 'u1',
    username: 'e',
    displayName: 'E',
    label: 'user:e',
    session: { expiresAt: new Date() },
  },
  policymaker: {
    kind: 'user',
    roles: ['policymaker'],
    userId: 'u2',
    username: 'p',
    displayName: 'P',
    label: 'user:p',
    session: { expiresAt: new Date() },
  },
  both: {
    kind: 'user',
    roles: ['policymaker', 'admin'],
    userId: 'u3',
    username: 'b',
    displayName: 'B',
    label: 'user:b',
    session: { expiresAt: new Date() },
  },
  tablet: { kind: 'tablet', roles: ['tablet'], credentialId: 'c1', vehicleId: 'GNV-01', tabletId: 'GNV-01/x', label: 'tablet:x' },
};

/** The guard in front of `handler`, for a caller resolved as `who` (undefined: no credential). */
async function status(type: object, handler: string, who?: string, mode: UndeclaredRoutes = 'allow'): Promise<number> {
  const credentials = { authenticate: async () => (who ? principals[who] : null) } as unknown as CredentialService;
  const guard = new AccessGuard(new Reflector(), credentials, mode);
  const proto = (type as { prototype: Record<string, () => void> }).prototype;
  const req = { method: 'GET', path: `/${handler}`, headers: {} };
  const ctx = {
    getType: () => 'http',
    getHandler: () => proto[handler],
    getClass: () => type,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ setHeader: () => undefined }) }),
  } as unknown as ExecutionContext;
  try {
    await guard.canActivate(ctx);
    return 200;
  } catch (error) {
    return (error as ApiException).getStatus();
  }
}

describe('AccessGuard', () => {
  it('401 without a credential, 403 for a role not allowed, and roles are not ranked', async () => {
    expect(await status(Routes, 'ratings')).toBe(401);
    expect(await status(Routes, 'ratings', 'engineer')).toBe(200);
    expect(await status(Routes, 'ratings', 'policymaker')).toBe(403);
    expect(await status(Routes, 'ratings', 'both')).toBe(403);
    expect(await status(Routes, 'ratings', 'tablet')).toBe(403);
    expect(await status(Routes, 'summaries', 'policymaker')).toBe(200);
  });

  it('a person with several roles passes where any of them is allowed', async () => {
    expect(await status(AdminRoutes, 'list', 'both')).toBe(200);
    expect(await status(AdminRoutes, 'list', 'engineer')).toBe(403);
  });

  it('lets public routes through, a handler declaration winning over its controller’s', async () => {
    expect(await status(Routes, 'health')).toBe(200);
    expect(await status(AdminRoutes, 'open')).toBe(200);
  });

  it('refuses an undeclared route when deny-by-default is on, lets it through while it is off', async () => {
    expect(await status(Routes, 'undeclared', undefined, 'deny')).toBe(403);
    expect(await status(Routes, 'undeclared', 'engineer', 'deny')).toBe(403);
    expect(await status(Routes, 'undeclared', undefined, 'allow')).toBe(200);
  });

  it('@Auth refuses what is neither a role nor a permission, at declaration time', () => {
    expect(() => Auth('superuser' as never)).toThrowError(/neither a role nor a permission/);
  });
});
