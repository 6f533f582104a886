import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { ApiException } from './api-error';
import { JsonBodyGuard } from './json-body.guard';

/** A request as Express gives it: `is()` is type-is (null without a body). */
function context(headers: Record<string, string>, is: string | false | null): ExecutionContext {
  const req = { headers, is: () => is };
  return { getType: () => 'http', switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
}

const outcome = (ctx: ExecutionContext) => {
  try {
    return new JsonBodyGuard().canActivate(ctx);
  } catch (error) {
    return (error as ApiException).body;
  }
};

describe('JsonBodyGuard', () => {
  it('lets JSON bodies and requests without a body through', () => {
    expect(outcome(context({ 'content-type': 'application/json', 'content-length': '2' }, 'application/json'))).toBe(true);
    expect(outcome(context({}, null))).toBe(true);
    expect(outcome(context({ 'content-length': '0' }, false))).toBe(true); // an empty POST
  });

  it('refuses any other body with 415 unsupported_media_type in the one shape', () => {
    expect(outcome(context({ 'content-type': 'text/plain', 'content-length': '5' }, false))).toEqual({
      statusCode: 415,
      code: 'unsupported_media_type',
      message: 'the request body must be JSON (Content-Type: application/json)',
      errors: [],
    });
  });
});
