import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiException } from '../common/api-error';
import { bearerToken, safeEqual } from '../common/bearer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * /metrics behind METRICS_TOKEN (Prometheus' `authorization` bearer credentials) when one is
 * configured; production requires one. Not a user role: a scraper is a machine with one secret.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.METRICS_TOKEN;
    if (!expected) return true;
    const token = bearerToken(context.switchToHttp().getRequest<Request>());
    if (token && safeEqual(token, expected)) return true;
    throw new ApiException(401, 'unauthorized', 'send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
  }
}
