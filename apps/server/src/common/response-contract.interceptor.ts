/**
 * In NODE_ENV=test only (app.module.ts registers it): every JSON success response of a route
 * with an ApiZodResponse is parsed with that schema before it leaves, and a mismatch is a 500
 * (logged with the zod issues). So every end-to-end test that calls an endpoint also checks that
 * the server still says what libs/contract says it says. Production does not pay for it.
 *
 * It wraps `res.json` rather than mapping the handler's result because most analytics routes
 * write the response themselves (sendTable: JSON or CSV). The body is checked as it will be on
 * the wire (JSON round trip: NaN → null, Date → string).
 */
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { RESPONSE_SCHEMA } from './openapi-zod';

export class ResponseContractError extends Error {}

/** The body as JSON would carry it, checked against the schema; throws with the issues. */
export function checkResponse(schema: z.ZodType, body: unknown, where: string): void {
  const wire: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const result = schema.safeParse(wire);
  if (!result.success) throw new ResponseContractError(`response of ${where} breaks its schema:\n${z.prettifyError(result.error)}`);
}

@Injectable()
export class ResponseContractInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const schema = this.reflector.get<z.ZodType | undefined>(RESPONSE_SCHEMA, context.getHandler());
    if (schema && context.getType() === 'http') {
      const res = context.switchToHttp().getResponse<Response>();
      const where = `${context.getClass().name}.${context.getHandler().name}`;
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        if (res.statusCode < 300) checkResponse(schema, body, where);
        return json(body);
      };
    }
    return next.handle();
  }
}
