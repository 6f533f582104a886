/**
 * What the feedback endpoints add to the access check. The global AccessGuard has already resolved
 * the bearer (a tablet token bound to one coach, a driver code bound to one driver id: routes
 * declare `@Auth('tablet')` / `@Auth('driver')`); these guards then apply the wall-clock rate
 * limit per token or code (FEEDBACK_RATE_LIMIT_PER_MIN, default 600/min: ample for the tablet's
 * outbox syncing in batches and for the simulator replaying 2018 fast; over it → 429
 * `rate_limited` + Retry-After) and put the device on the request for `@Tablet()` / `@Driver()`.
 * The limiter is per process (common/rate-limiter.ts); common/pg-rate-limiter.ts is the shared one.
 * The 5-second rule between two passengers is NOT a wall-clock rule: it is judged on the tablet's
 * clock (answeredAt) by RatingsService, because the simulator replays at high speed.
 */
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest, DriverPrincipal, TabletPrincipal } from '../auth/principal';
import { ApiException } from '../common/api-error';
import { RateLimiter } from '../common/rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export type { DriverPrincipal, TabletPrincipal };

type FeedbackRequest = AuthenticatedRequest & { tablet?: TabletPrincipal; driver?: DriverPrincipal };

/** One limiter per process for tablets and drivers together (keys are prefixed). */
@Injectable()
export class FeedbackRateLimiter extends RateLimiter {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.FEEDBACK_RATE_LIMIT_PER_MIN);
  }

  enforce(key: string, res: Response): void {
    const decision = this.take(key);
    if (!decision.allowed) {
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new ApiException(429, 'rate_limited', `too many requests for this token: retry after ${decision.retryAfterSeconds} s`);
    }
  }
}

/** Only reached without the right principal if a route forgot its `@Auth('tablet' | 'driver')`. */
function unauthorized(res: Response, what: string): never {
  res.setHeader('WWW-Authenticate', 'Bearer realm="trial"');
  throw new ApiException(401, 'unauthorized', `a valid ${what} is required (Authorization: Bearer <${what}>)`);
}

@Injectable()
export class TabletGuard implements CanActivate {
  constructor(private readonly limiter: FeedbackRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FeedbackRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const principal = req.principal;
    if (principal?.kind !== 'tablet') unauthorized(res, 'tablet token');
    this.limiter.enforce(principal.label, res);
    req.tablet = { vehicleId: principal.vehicleId, tabletId: principal.tabletId };
    return true;
  }
}

@Injectable()
export class DriverGuard implements CanActivate {
  constructor(private readonly limiter: FeedbackRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FeedbackRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const principal = req.principal;
    if (principal?.kind !== 'driver') unauthorized(res, 'driver code');
    this.limiter.enforce(principal.label, res);
    req.driver = { driverId: principal.driverId };
    return true;
  }
}

export const Tablet = createParamDecorator((_: unknown, ctx: ExecutionContext): TabletPrincipal => ctx.switchToHttp().getRequest<Request & FeedbackRequest>().tablet!);
export const Driver = createParamDecorator((_: unknown, ctx: ExecutionContext): DriverPrincipal => ctx.switchToHttp().getRequest<Request & FeedbackRequest>().driver!);
