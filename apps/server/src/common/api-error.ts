/**
 * The API's one error body, `{ statusCode, code, message, errors }` (libs/contract/src/errors.ts),
 * and the one conversion of a zod failure into it, for bodies, queries and path parameters alike.
 */
import { HttpException } from '@nestjs/common';
import { PERIOD_TOO_LONG, type ApiError, type ApiErrorCode, type FieldError } from '@app/contract';
import type { z } from 'zod';

export class ApiException extends HttpException {
  constructor(status: number, code: ApiErrorCode, message: string, errors: FieldError[] = []) {
    super({ statusCode: status, code, message, errors } satisfies ApiError, status);
  }

  get body(): ApiError {
    return this.getResponse() as ApiError;
  }
}

/**
 * Flattens zod issues into one FieldError per field (unknown keys become one entry per key). A
 * custom issue may name its own code in `params.code` (e.g. `period_too_long`).
 */
export function fieldErrors(error: z.ZodError, prefix: Array<string | number> = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: [...base, key].join('.'), code: 'unrecognized_key', message: `unknown field "${key}"` });
    } else {
      const own = issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : undefined;
      out.push({ path: base.join('.'), code: own ?? issue.code, message: issue.message });
    }
  }
  return out;
}

export function describeFieldErrors(what: string, errors: FieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return `${what}: ${shown.join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`;
}

/**
 * 400 for an invalid body, query or path parameter: `period_too_long` when a period limit is the
 * problem, `unknown_parameter` when the query only has unknown parameters, else `validation_failed`.
 */
export function validationException(
  error: z.ZodError,
  where: 'body' | 'query' | 'param',
  prefix: Array<string | number> = [],
): ApiException {
  const errors = fieldErrors(error, prefix);
  const code: ApiErrorCode = errors.some((e) => e.code === PERIOD_TOO_LONG)
    ? PERIOD_TOO_LONG
    : where === 'query' && errors.every((e) => e.code === 'unrecognized_key')
      ? 'unknown_parameter'
      : 'validation_failed';
  return new ApiException(400, code, describeFieldErrors(`invalid ${where}`, errors), errors);
}
