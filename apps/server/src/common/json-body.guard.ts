/**
 * Every request body this API reads is JSON: a body of another type (text/plain, a form…) is a 415
 * `unsupported_media_type` instead of reaching validation as "received undefined". A request
 * without a body passes. Global, so it runs on matched routes only (an unknown route stays a 404).
 */
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiException } from './api-error';

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    // is(): null without a body, false for a body of another type; an empty body (Content-Length: 0) is none.
    if (req.headers['content-length'] !== '0' && req.is(JSON_MEDIA_TYPES) === false) {
      throw new ApiException(415, 'unsupported_media_type', 'the request body must be JSON (Content-Type: application/json)');
    }
    return true;
  }
}
