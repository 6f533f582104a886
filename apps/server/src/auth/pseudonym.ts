/**
 * Driver pseudonyms (issue 10, privacy): outside the engineer role a driver id never leaves the
 * server; a stable pseudonym does instead, `P-` + 6 hex digits of HMAC-SHA-256(PSEUDONYM_SECRET,
 * driver id), e.g. `P-3FA9C1`. Stable, so a policymaker can follow "the same driver" across trips
 * and days; keyed, so that nobody can recompute it from the handful of driver ids (D-01…D-08)
 * without the server's secret — a plain hash would be reversed by trying them all. Rotating the
 * secret changes every pseudonym. `P-` keeps it apart from the real ids (`D-…`) in the same field.
 *
 * How a service uses it (the principal is on the request; controllers pass it on):
 *
 *   @Get() @Auth('summaries.read')
 *   list(@CurrentPrincipal() viewer: Principal, …) { return this.trips.list(query, viewer); }
 *
 *   // in the service, for every driver id it returns:
 *   driverId: this.pseudonyms.forViewer(viewer.roles, row.driver_id),
 *
 * and for what only engineers may see, ask libs/contract's `may(viewer.roles, 'ratings.read')`
 * (individual ratings, comments), or declare the route `@Auth('ratings.read')` outright.
 */
import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { may, type Role } from '@app/contract';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const PSEUDONYM_PATTERN = /^P-[0-9A-F]{6}$/;

/** The pseudonym of `driverId` under `secret` (pure; the service below holds the secret). */
export function driverPseudonym(secret: string, driverId: string): string {
  return `P-${createHmac('sha256', secret).update(`driver:${driverId}`, 'utf8').digest('hex').slice(0, 6).toUpperCase()}`;
}

@Injectable()
export class DriverPseudonyms {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  of(driverId: string): string {
    return driverPseudonym(this.config.PSEUDONYM_SECRET, driverId);
  }

  /** The real id for a viewer who may identify drivers (engineers), the pseudonym for everyone else; null stays null. */
  forViewer<T extends string | null>(viewerRoles: readonly Role[], driverId: T): T {
    if (driverId === null || may(viewerRoles, 'drivers.identify')) return driverId;
    return this.of(driverId) as T;
  }
}
