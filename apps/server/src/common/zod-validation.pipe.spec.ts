import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kpiQuerySchema, MAX_PERIOD_DAYS, MAX_SERIES_HOURS, tripListQuerySchema, vehicleSeriesQuerySchema } from '@app/contract';
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
    expect(e.body.errors.map((x) => x.path).sort()).toEqual(['extra', 'nested.a', 'overall']);
    expect(e.body.message).toMatch(/^invalid body: /);
    expect(Object.keys(e.body).sort()).toEqual(['code', 'errors', 'message', 'statusCode']);
  });

  it('names unknown query parameters unknown_parameter', () => {
    const e = errorOf(() => new ZodValidationPipe(schema, 'query').transform({ overall: 2, typo: 'x' }));
    expect(e.body).toMatchObject({ code: 'unknown_parameter', errors: [{ path: 'typo', code: 'unrecognized_key' }] });
  });
});

describe('ZodValidationPipe with the analytics query schemas', () => {
  const query = <S extends z.ZodType>(s: S) => new ZodValidationPipe(s, 'query');

  it('fills defaults: the whole trial, per vehicle, operation scope; no format (the Accept header decides)', () => {
    expect(query(kpiQuerySchema).transform({})).toEqual({ from: '2018-06-08', to: '2018-06-22', groupBy: 'vehicle', scope: 'operation' });
    expect(query(kpiQuerySchema).transform(undefined)).toMatchObject({ groupBy: 'vehicle' });
  });

  it('coerces list parameters', () => {
    const q = query(tripListQuerySchema).transform({ direction: '1', inferred: 'true', limit: '20' });
    expect(q).toMatchObject({ direction: 1, inferred: true, limit: 20, offset: 0 });
  });

  it('refuses a period over the limit with its own code, in the one error shape', () => {
    const e = errorOf(() => query(kpiQuerySchema).transform({ from: '2018-01-01', to: '2019-06-01' }));
    expect(e.getStatus()).toBe(400);
    expect(e.body).toEqual({
      statusCode: 400,
      code: 'period_too_long',
      message: `invalid query: to: period of 517 days exceeds the limit of ${MAX_PERIOD_DAYS} days`,
      errors: [{ path: 'to', code: 'period_too_long', message: `period of 517 days exceeds the limit of ${MAX_PERIOD_DAYS} days` }],
    });
  });

  it('refuses reversed periods, unknown values and unknown parameters, naming them in errors[].path', () => {
    const reversed = errorOf(() => query(kpiQuerySchema).transform({ from: '2018-06-10', to: '2018-06-09' })).body;
    expect(reversed).toMatchObject({ code: 'validation_failed', errors: [{ path: 'to', code: 'custom' }] });
    expect(reversed.message).toMatch(/before from/);
    expect(errorOf(() => query(kpiQuerySchema).transform({ groupBy: 'week' })).body).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'groupBy' }],
    });
    expect(errorOf(() => query(kpiQuerySchema).transform({ colour: 'red' })).body).toMatchObject({
      code: 'unknown_parameter',
      errors: [{ path: 'colour', code: 'unrecognized_key' }],
    });
  });

  it(`bounds a raw series to ${MAX_SERIES_HOURS} h`, () => {
    const e = errorOf(() => query(vehicleSeriesQuerySchema).transform({ fromTs: '2018-06-11T00:00:00Z', toTs: '2018-06-13T00:00:00Z' }));
    expect(e.body).toMatchObject({ code: 'period_too_long', errors: [{ path: 'toTs' }] });
  });
});
