/**
 * Who may submit: a passenger tablet (its token, bound to one vehicle: TABLET_TOKENS) or a driver
 * (a personal code: DRIVER_CODES). Each guard also applies the wall-clock rate limit per token or
 * code (FEEDBACK_RATE_LIMIT_PER_MIN, default 600/min: ample for the tablet's outbox syncing in
 * batches and for the simulator replaying 2018 fast); over it → 429 `rate_limited` + Retry-After.
 * The 5-second rule between two passengers is NOT a wall-clock rule: it is judged on the tablet's
 * clock (answeredAt) by RatingsService, because the simulator replays at high speed.
 */
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { ApiException } from '../common/api-error';
import { bearerToken, safeEqual } from '../common/bearer';
import { RateLimiter } from '../common/rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface TabletPrincipal {
  vehicleId: string;
  /** Non-secret id of the device: vehicle + a short hash of its token. */
  tabletId: string;
}

export interface DriverPrincipal {
  driverId: string;
}

type FeedbackRequest = Request & { tablet?: TabletPrincipal; driver?: DriverPrincipal };

const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);

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

function find(secrets: Record<string, string>, token: string | null): string | null {
  if (!token) return null;
  let owner: string | null = null;
  for (const [id, secret] of Object.entries(secrets)) if (safeEqual(secret, token) && owner === null) owner = id;
  return owner;
}

function unauthorized(res: Response, what: string): never {
  res.setHeader('WWW-Authenticate', 'Bearer realm="trial"');
  throw new ApiException(401, 'unauthorized', `a valid ${what} is required (Authorization: Bearer <${what}>)`);
}

@Injectable()
export class TabletGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: FeedbackRateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FeedbackRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const token = bearerToken(req);
    const vehicleId = find(this.config.TABLET_TOKENS, token);
    if (!vehicleId || !token) unauthorized(res, 'tablet token');
    const tabletId = `${vehicleId}/${shortHash(token)}`;
    this.limiter.enforce(`tablet:${tabletId}`, res);
    req.tablet = { vehicleId, tabletId };
    return true;
  }
}

@Injectable()
export class DriverGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: FeedbackRateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FeedbackRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const driverId = find(this.config.DRIVER_CODES, bearerToken(req));
    if (!driverId) unauthorized(res, 'driver code');
    this.limiter.enforce(`driver:${driverId}`, res);
    req.driver = { driverId };
    return true;
  }
}

export const Tablet = createParamDecorator((_: unknown, ctx: ExecutionContext): TabletPrincipal => ctx.switchToHttp().getRequest<FeedbackRequest>().tablet!);
export const Driver = createParamDecorator((_: unknown, ctx: ExecutionContext): DriverPrincipal => ctx.switchToHttp().getRequest<FeedbackRequest>().driver!);
