/**
 * The one credential check of the HTTP API: a bearer token resolves to its principal — a
 * passenger tablet (TABLET_TOKENS, bound to one coach), a driver (DRIVER_CODES), an engineer or
 * an admin (ENGINEER_TOKENS, ADMIN_TOKENS) — or to nobody. The guards only ask it and decide
 * whether that kind of principal may pass (TabletGuard, DriverGuard, RolesGuard).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken, digestOf, sameDigest } from '../common/bearer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Principal } from './principal';

/** A short non-secret name of a token (hex of its SHA-256): stable, so a tablet keeps its id across restarts. */
export const tokenLabel = (token: string, length: number): string => digestOf(token).toString('hex').slice(0, length);

@Injectable()
export class CredentialService {
  private readonly credentials: Array<{ digest: Buffer; principal: Principal }>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const entry = (token: string, principal: Principal) => ({ digest: digestOf(token), principal });
    this.credentials = [
      ...config.ADMIN_TOKENS.map((t) => entry(t, { kind: 'admin', role: 'admin', label: `admin:${tokenLabel(t, 8)}` })),
      ...config.ENGINEER_TOKENS.map((t) => entry(t, { kind: 'engineer', role: 'engineer', label: `engineer:${tokenLabel(t, 8)}` })),
      ...Object.entries(config.TABLET_TOKENS).map(([vehicleId, t]) => {
        const tabletId = `${vehicleId}/${tokenLabel(t, 10)}`;
        return entry(t, { kind: 'tablet', vehicleId, tabletId, label: `tablet:${tabletId}` });
      }),
      ...Object.entries(config.DRIVER_CODES).map(([driverId, code]) => entry(code, { kind: 'driver', driverId, label: `driver:${driverId}` })),
    ];
  }

  /**
   * Compares the token's digest with every credential's, in constant time each and without
   * stopping at a match, so that neither the response time nor the token's length tells anything.
   */
  resolve(token: string | null | undefined): Principal | null {
    if (!token) return null;
    const digest = digestOf(token);
    let found: Principal | null = null;
    for (const c of this.credentials) if (sameDigest(c.digest, digest) && found === null) found = c.principal;
    return found;
  }

  /** The principal of `Authorization: Bearer <token>`, or null. */
  fromRequest(req: Pick<Request, 'headers'>): Principal | null {
    return this.resolve(bearerToken(req));
  }
}
