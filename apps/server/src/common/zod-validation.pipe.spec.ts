import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiException } from './api-error';
import { ZodValidationPipe } from './zod-validation.pipe';

const schema = z.strictObject({ overall: z.number().int().min(1).max(5), nested: z.strictObject({ a: z.string() }).optional() });

function errorOf(fn: () => unknown): ApiException {
  try {
    fn();
  } catch (error) {
    return error as ApiException;
  }
  throw new Error('did not throw');
}

describe('ZodValidationPipe', () => {
  it('returns the parsed value', () => {
    expect(new ZodValidationPipe(schema).transform({ overall: 3 })).toEqual({ overall: 3 });
  });

  it('answers 400 validation_failed with one entry per field and a readable message', () => {
    const e = errorOf(() => new ZodValidationPipe(schema).transform({ overall: 9, nested: { a: 1 }, extra: true }));
    expect(e).toBeInstanceOf(ApiException);
    expect(e.getStatus()).toBe(400);
    expect(e.body.code).toBe('validation_failed');
    expect(e.body.errors?.map((x) => x.path).sort()).toEqual(['extra', 'nested.a', 'overall']);
    expect(e.body.message).toMatch(/^invalid body: /);
  });

  it('names unknown query parameters unknown_parameter', () => {
    const e = errorOf(() => new ZodValidationPipe(schema, 'query').transform({ overall: 2, typo: 'x' }));
    expect(e.body).toMatchObject({ code: 'unknown_parameter', errors: [{ path: 'typo', code: 'unrecognized_key' }] });
  });
});
