/**
 * What the feedback endpoints add to the access check. The global AccessGuard has already resolved
 * the bearer (a tablet token bound to one coach, a driver code bound to one driver id: routes
 * declare `@Auth('tablet')` / `@Auth('driver')`); these guards then apply the wall-clock rate
 * limit per token or code (FEEDBACK_RATE_LIMIT_PER_MIN, default 600/min: ample for the tablet's
 * outbox syncing in batches and for the simulator replaying 2018 fast; over it → 429
 * `rate_limited` + Retry-After) and put the device on the request for `@Tablet()` / `@Driver()`.
 * On PostgreSQL the limit is kept in the database (common/pg-rate-limiter.ts), so that several API
 * processes behind a load balancer enforce one limit, not one each; the embedded PGlite serves one
 * process by construction, and there the limiter is in memory (common/rate-limiter.ts), sparing
 * the one database session a write per answer.
 * The 5-second rule between two passengers is NOT a wall-clock rule: it is judged on the tablet's
 * clock (answeredAt) by RatingsService, because the simulator replays at high speed.
 */
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest, DriverPrincipal, TabletPrincipal } from '../auth/principal';
import { ApiException } from '../common/api-error';
import { PgRateLimiter, type RateRule } from '../common/pg-rate-limiter';
import { RateLimiter, type RateDecision } from '../common/rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUNTIME, type Runtime } from '../runtime';

export type { DriverPrincipal, TabletPrincipal };

type FeedbackRequest = AuthenticatedRequest & { tablet?: TabletPrincipal; driver?: DriverPrincipal };

/** One limit for tablets and drivers together (keys are their labels). */
@Injectable()
export class FeedbackRateLimiter {
  private readonly rule: RateRule;
  private readonly inMemory?: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(RUNTIME) runtime: Runtime,
    private readonly shared: PgRateLimiter,
  ) {
    this.rule = { name: 'feedback', limit: config.FEEDBACK_RATE_LIMIT_PER_MIN, windowSeconds: 60 };
    if (runtime.databaseKind === 'pglite') this.inMemory = new RateLimiter(config.FEEDBACK_RATE_LIMIT_PER_MIN);
  }

  private take(key: string): Promise<RateDecision> | RateDecision {
    return this.inMemory ? this.inMemory.take(key) : this.shared.take(this.rule, key);
  }

  async enforce(key: string, res: Response): Promise<void> {
    const decision = await this.take(key);
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

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FeedbackRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const principal = req.principal;
    if (principal?.kind !== 'tablet') unauthorized(res, 'tablet token');
    await this.limiter.enforce(principal.label, res);
    req.tablet = { vehicleId: principal.vehicleId, tabletId: principal.tabletId };
    return true;
  }
}

@Injectable()
export class DriverGuard implements CanActivate {
  constructor(private readonly limiter: FeedbackRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FeedbackRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const principal = req.principal;
    if (principal?.kind !== 'driver') unauthorized(res, 'driver code');
    await this.limiter.enforce(principal.label, res);
    req.driver = { driverId: principal.driverId };
    return true;
  }
}

export const Tablet = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): TabletPrincipal => ctx.switchToHttp().getRequest<Request & FeedbackRequest>().tablet!,
);
export const Driver = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): DriverPrincipal => ctx.switchToHttp().getRequest<Request & FeedbackRequest>().driver!,
);
