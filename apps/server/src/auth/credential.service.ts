/**
 * The one credential check of the HTTP API. A request carries either
 *  - `Authorization: Bearer <secret>`: a passenger tablet's token (bound to one coach), a driver's
 *    code, or an API token of one person role (machines: the simulator, scripts), looked up by its
 *    SHA-256 in api_credential on every request, so a revocation applies to the very next one; or
 *  - the session cookie of a person who logged in (SessionService).
 * When an Authorization header is present the cookie is ignored: a request authenticated by a
 * bearer token cannot be forged cross-site (a page cannot add the header without CORS, which the
 * server never grants), which is why the CSRF check lets such requests through.
 */
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken, digestOf } from '../common/bearer';
import { CredentialsRepository, type CredentialRow } from './credentials.repository';
import type { Principal } from './principal';
import { SessionCookie } from './session-cookie';
import { SessionService } from './session.service';

/** A tablet's non-secret id: its coach and the first 10 hex digits of its token's SHA-256 (stable across restarts). */
export const tabletIdOf = (vehicleId: string, tokenHash: Buffer): string => `${vehicleId}/${tokenHash.toString('hex').slice(0, 10)}`;

/**
 * How long a resolved bearer credential is trusted without asking the database again. Every
 * tablet post otherwise began with a lookup — on the embedded PGlite a wait for its one session
 * behind the ingest (issue 8). Unknown secrets are never cached (a new token works at once); a
 * revocation clears this process's cache at once (AdminCredentialsService), and another API
 * process within this many ms.
 */
export const CREDENTIAL_CACHE_MS = 2_000;

@Injectable()
export class CredentialService {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  /** The principal of a request, or null when it carries no valid credential. */
  async authenticate(req: Pick<Request, 'headers'>): Promise<Principal | null> {
    if (req.headers.authorization !== undefined) {
      const token = bearerToken(req);
      return token ? this.resolveToken(token) : null;
    }
    const session = this.cookie.read(req);
    return session ? this.sessions.resolve(session) : null;
  }

  /** The principal of a bearer secret, or null (unknown or revoked). */
  async resolveToken(token: string): Promise<Principal | null> {
    const digest = digestOf(token);
    const key = digest.toString('hex');
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.principal;
    const row = await this.credentials.findActive(digest);
    if (!row) {
      this.cache.delete(key);
      return null;
    }
    const principal = principalOfCredential(row);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { principal, until: now + CREDENTIAL_CACHE_MS });
    return principal;
  }

  /** Forget every cached credential (after one was created or revoked in this process). */
  invalidate(): void {
    this.cache.clear();
  }
}

export function principalOfCredential(row: CredentialRow): Principal {
  const short = row.token_hash.toString('hex').slice(0, 8);
  switch (row.kind) {
    case 'tablet': {
      const tabletId = tabletIdOf(row.vehicle_id!, row.token_hash);
      return { kind: 'tablet', roles: ['tablet'], credentialId: row.id, vehicleId: row.vehicle_id!, tabletId, label: `tablet:${tabletId}` };
    }
    case 'driver':
      return { kind: 'driver', roles: ['driver'], credentialId: row.id, driverId: row.driver_id!, label: `driver:${row.driver_id}` };
    case 'service':
      return { kind: 'service', roles: [row.role!], credentialId: row.id, label: `${row.role}:${short}` };
  }
}
