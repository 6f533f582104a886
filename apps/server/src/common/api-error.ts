/**
 * Precise 4xx bodies: `{ statusCode, code, message, errors? }` where `code` is machine-readable,
 * `message` is for a human and each `errors[]` entry names the field (dotted path).
 */
import { HttpException } from '@nestjs/common';
import type { ApiError, FeedbackErrorCode, FieldError } from '@app/contract';
import type { z } from 'zod';

export class ApiException extends HttpException {
  constructor(status: number, code: FeedbackErrorCode, message: string, errors?: FieldError[]) {
    super({ statusCode: status, code, message, ...(errors ? { errors } : {}) } satisfies ApiError, status);
  }

  get body(): ApiError {
    return this.getResponse() as ApiError;
  }
}

/** Flattens zod issues into one FieldError per field (unknown keys become one entry per key). */
export function fieldErrors(error: z.ZodError, prefix: Array<string | number> = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...base, key].join('.'), code: 'unrecognized_key', message: `unknown field "${key}"` });
    } else {
      out.push({ path: base.join('.'), code: issue.code, message: issue.message });
    }
  }
  return out;
}

export function describeFieldErrors(what: string, errors: FieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return `${what}: ${shown.join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`;
}

/** 400 for an invalid body or query; unknown query parameters get their own code. */
export function validationException(error: z.ZodError, where: 'body' | 'query' | 'param', prefix: Array<string | number> = []): ApiException {
  const errors = fieldErrors(error, prefix);
  const unknownOnly = errors.every((e) => e.code === 'unrecognized_key');
  const code: FeedbackErrorCode = where === 'query' && unknownOnly ? 'unknown_parameter' : 'validation_failed';
  return new ApiException(400, code, describeFieldErrors(`invalid ${where}`, errors), errors);
}
